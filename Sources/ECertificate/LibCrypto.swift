internal import CCrypto
import Foundation

/// The module's only door to OpenSSL's libcrypto: SHA-256, and Ed25519 keys (raw 32 bytes in
/// Swift, PEM at the edges), signatures and verification. Every OpenSSL object lives inside one
/// call and is freed with `defer`, so the Swift types hold plain bytes and are `Sendable`.
enum LibCrypto {
    /// An Ed25519 key's raw length, private or public.
    static let keyLength = 32
    /// An Ed25519 signature's length.
    static let signatureLength = 64

    /// SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { EVP_Digest(input.baseAddress, input.count, $0.baseAddress, &length, EVP_sha256(), nil) }
        }
        precondition(ok == 1, "SHA-256 failed")
        return Array(digest.prefix(Int(length)))
    }

    /// SHA-256 of `bytes`, lower-case hex.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef")
        var text = ""
        for byte in sha256(bytes) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0xF)])
        }
        return text
    }

    /// A new random Ed25519 private key, raw.
    static func generatePrivateKey() throws(CertificateKeyError) -> [UInt8] {
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else { throw failure("cannot create a key context") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &key) == 1, let key else { throw failure("key generation failed") }
        defer { EVP_PKEY_free(key) }
        return try raw(of: key, isPrivate: true)
    }

    /// The raw private key of a PEM private key (PKCS#8 `PRIVATE KEY`, unencrypted), which must
    /// be an Ed25519 key. An encrypted key is refused, never prompted for.
    static func privateKey(pem: [UInt8]) throws(CertificateKeyError) -> [UInt8] {
        let key = try readPEM(pem, what: "private key") { bio in
            PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        defer { EVP_PKEY_free(key) }
        return try raw(of: key, isPrivate: true)
    }

    /// The raw public key of a PEM public key (`PUBLIC KEY`, SubjectPublicKeyInfo), Ed25519.
    static func publicKey(pem: [UInt8]) throws(CertificateKeyError) -> [UInt8] {
        let key = try readPEM(pem, what: "public key") { bio in
            PEM_read_bio_PUBKEY(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        defer { EVP_PKEY_free(key) }
        return try raw(of: key, isPrivate: false)
    }

    /// The raw public key that belongs to a raw private key.
    static func publicKey(ofPrivate privateKey: [UInt8]) throws(CertificateKeyError) -> [UInt8] {
        let key = try makeKey(privateKey, isPrivate: true)
        defer { EVP_PKEY_free(key) }
        return try raw(of: key, isPrivate: false)
    }

    /// PEM text of a raw key: `PRIVATE KEY` (PKCS#8) or `PUBLIC KEY` (SubjectPublicKeyInfo).
    static func pem(_ rawKey: [UInt8], isPrivate: Bool) throws(CertificateKeyError) -> String {
        let key = try makeKey(rawKey, isPrivate: isPrivate)
        defer { EVP_PKEY_free(key) }
        guard let bio = BIO_new(BIO_s_mem()) else { throw failure("cannot create a memory BIO") }
        defer { BIO_free(bio) }
        let written = isPrivate ? PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) : PEM_write_bio_PUBKEY(bio, key)
        guard written == 1 else { throw failure("cannot write the PEM") }
        var data: UnsafeMutablePointer<CChar>?
        let count = vt_bio_mem_data(bio, &data)
        guard count > 0, let data else { throw failure("the PEM is empty") }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    }

    /// The Ed25519 signature of `message` under the raw private key.
    static func sign(_ message: [UInt8], privateKey: [UInt8]) throws(CertificateKeyError) -> [UInt8] {
        let key = try makeKey(privateKey, isPrivate: true)
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { throw failure("cannot create a signing context") }
        defer { EVP_MD_CTX_free(context) }
        var signature = [UInt8](repeating: 0, count: signatureLength)
        var length = signature.count
        let ok = message.withUnsafeBufferPointer { input in
            signature.withUnsafeMutableBufferPointer { output in
                EVP_DigestSignInit(context, nil, nil, nil, key) == 1
                    && EVP_DigestSign(context, output.baseAddress, &length, input.baseAddress, input.count) == 1
            }
        }
        guard ok, length == signatureLength else { throw failure("signing failed") }
        return signature
    }

    /// Whether `signature` is the Ed25519 signature of `message` under the raw public key.
    static func verify(_ signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureLength, let key = try? makeKey(publicKey, isPrivate: false) else { return false }
        defer { EVP_PKEY_free(key) }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        let ok = message.withUnsafeBufferPointer { input in
            signature.withUnsafeBufferPointer { sig in
                EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1
                    && EVP_DigestVerify(context, sig.baseAddress, sig.count, input.baseAddress, input.count) == 1
            }
        }
        ERR_clear_error()
        return ok
    }

    // MARK: - Helpers

    /// An `EVP_PKEY` (the caller frees it) from a raw Ed25519 key.
    private static func makeKey(_ rawKey: [UInt8], isPrivate: Bool) throws(CertificateKeyError) -> OpaquePointer {
        guard rawKey.count == keyLength else { throw CertificateKeyError("an Ed25519 key has 32 bytes, not \(rawKey.count)") }
        ERR_clear_error()
        let key = rawKey.withUnsafeBufferPointer { bytes in
            isPrivate ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, bytes.baseAddress, bytes.count)
                : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, bytes.baseAddress, bytes.count)
        }
        guard let key else { throw failure("not an Ed25519 key") }
        return key
    }

    /// The raw bytes of an Ed25519 `EVP_PKEY`; any other key type is refused.
    private static func raw(of key: OpaquePointer, isPrivate: Bool) throws(CertificateKeyError) -> [UInt8] {
        guard EVP_PKEY_get_id(key) == EVP_PKEY_ED25519 else {
            throw CertificateKeyError("the key is not an Ed25519 key (make one with: openssl genpkey -algorithm ed25519)")
        }
        var bytes = [UInt8](repeating: 0, count: keyLength)
        var length = keyLength
        let ok = bytes.withUnsafeMutableBufferPointer { buffer in
            isPrivate ? EVP_PKEY_get_raw_private_key(key, buffer.baseAddress, &length) : EVP_PKEY_get_raw_public_key(key, buffer.baseAddress, &length)
        }
        guard ok == 1, length == keyLength else { throw failure("cannot read the raw key") }
        return bytes
    }

    /// Reads one PEM object with `read` from a memory BIO over `pem`.
    private static func readPEM(_ pem: [UInt8], what: String,
                                _ read: (OpaquePointer) -> OpaquePointer?) throws(CertificateKeyError) -> OpaquePointer {
        ERR_clear_error()
        let key: OpaquePointer? = pem.withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
            defer { BIO_free(bio) }
            return read(bio)
        }
        guard let key else { throw failure("not a readable PEM \(what) (an encrypted key is not accepted)") }
        return key
    }

    /// An error with `what` and OpenSSL's first queued error, the queue cleared.
    private static func failure(_ what: String) -> CertificateKeyError {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return CertificateKeyError(what) }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        let message = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return CertificateKeyError("\(what): \(message)")
    }
}
