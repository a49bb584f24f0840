import Foundation

/// The platform's Ed25519 private key that signs every e-certificate's QR text, read from a PEM
/// file (`VT_CERT_SIGNING_KEY`; make one with `openssl genpkey -algorithm ed25519 -out FILE`).
/// Holds the raw key bytes only; its description never shows them.
public struct CertificateSigningKey: Sendable, CustomStringConvertible, CustomReflectable {
    /// The environment variable that names the PEM file.
    public static let environmentVariable = "VT_CERT_SIGNING_KEY"

    private let privateKey: [UInt8]
    /// The matching public key, which verifies what this key signs.
    public let verifyingKey: CertificateVerifyingKey

    private init(privateKey: [UInt8]) throws(CertificateKeyError) {
        self.privateKey = privateKey
        verifyingKey = try CertificateVerifyingKey(rawPublicKey: LibCrypto.publicKey(ofPrivate: privateKey))
    }

    /// Reads a PEM private key (PKCS#8 `-----BEGIN PRIVATE KEY-----`, unencrypted, Ed25519).
    public init(pem: String) throws(CertificateKeyError) {
        try self.init(privateKey: LibCrypto.privateKey(pem: Array(pem.utf8)))
    }

    /// Reads the PEM private key in the file at `path`.
    public init(contentsOfFile path: String) throws(CertificateKeyError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CertificateKeyError("cannot read the certificate signing key \(path)")
        }
        do {
            try self.init(privateKey: LibCrypto.privateKey(pem: Array(data)))
        } catch {
            throw CertificateKeyError("\(path): \(error.description)")
        }
    }

    /// Reads the key file `VT_CERT_SIGNING_KEY` names; refuses an unset or empty variable.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CertificateKeyError) {
        guard let path = environment[Self.environmentVariable], !path.isEmpty else {
            throw CertificateKeyError("\(Self.environmentVariable) is not set: it names the PEM file of the Ed25519 key that signs "
                + "e-certificates (make one with: openssl genpkey -algorithm ed25519 -out FILE)")
        }
        try self.init(contentsOfFile: path)
    }

    /// A new random key (tests, `deploy/run.sh` uses `openssl genpkey` instead).
    public static func generate() throws(CertificateKeyError) -> CertificateSigningKey {
        try CertificateSigningKey(privateKey: LibCrypto.generatePrivateKey())
    }

    /// The private key as PEM (PKCS#8), to store it.
    public func privateKeyPEM() throws(CertificateKeyError) -> String {
        try LibCrypto.pem(privateKey, isPrivate: true)
    }

    /// The public key as PEM (`-----BEGIN PUBLIC KEY-----`): what departments verify with.
    public func publicKeyPEM() throws(CertificateKeyError) -> String {
        try verifyingKey.publicKeyPEM()
    }

    /// The 64-byte Ed25519 signature of `message`.
    public func sign(_ message: [UInt8]) throws(CertificateKeyError) -> [UInt8] {
        try LibCrypto.sign(message, privateKey: privateKey)
    }

    /// `CertificateSigningKey(public: <base64url of the public key>)`: never the private key.
    public var description: String { "CertificateSigningKey(public: \(Base64URL.encode(verifyingKey.rawPublicKey)))" }

    /// What `dump` and debuggers show: the public key only.
    public var customMirror: Mirror { Mirror(self, children: ["verifyingKey": verifyingKey]) }
}
