import ECertificate
import Foundation
import TestSupport
import Testing

@Suite struct SigningKeyTests {
    /// `openssl genpkey -algorithm ed25519 -aes-256-cbc -pass pass:secret`.
    static let encryptedPEM = """
        -----BEGIN ENCRYPTED PRIVATE KEY-----
        MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhEbxuXZflqIAICCAAw
        DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEBb6+lebxAPFcD7R5SAgdnIEQKZx
        sgB+DOvjOTBzsTguS0wMqiZXhH2p0S+UFauws1ToVzwaSWbOiRwgWK+x8clivkJr
        Sg8DM/anKx2HJqpPdMM=
        -----END ENCRYPTED PRIVATE KEY-----

        """

    /// `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`.
    static let ecPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0mIkjDvGgjh34BWC
        Pzk5VLWeA0S266DnV9p3NEixK2qhRANCAARr+9l1q/N+AJy+PF86gT/Wl3RpLQ3Z
        TRLnwiONB+id/+0Qy8rjiG3O8k4baDorLJAtkGUkMZKj+b5nomwSgr0u
        -----END PRIVATE KEY-----

        """

    /// An EC P-256 public key.
    static let ecPublicPEM = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEhNckinIJbwBxdgdtt7/OD1/1Mtoh
        sdsgxGl34ZN1ikRSiL9ST2s4Ys61zvf5gI6amLL7wlYWldzCV61j2msogQ==
        -----END PUBLIC KEY-----

        """

    @Test func publicKeyPEM_isWhatOpenSSLDerivesFromThePrivateKey() throws {
        #expect(try SampleCertificates.key.publicKeyPEM() == SampleCertificates.publicKeyPEM)
        let scratch = try ScratchDirectory()
        let path = try scratch.write(Array(SampleCertificates.keyPEM.utf8), to: "key.pem")
        #expect(try CommandLineTool.openssl.succeed(["pkey", "-in", path, "-pubout"]).text == SampleCertificates.publicKeyPEM)
    }

    @Test func generatedKey_writesAPEMThatReadsBackAsTheSameKey() throws {
        let key = try CertificateSigningKey.generate()
        let pem = try key.privateKeyPEM()
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        #expect(try CertificateSigningKey(pem: pem).verifyingKey == key.verifyingKey)
        #expect(try CertificateSigningKey.generate().verifyingKey != key.verifyingKey)
    }

    @Test func verifyingKey_readsThePublicPEMItPrints() throws {
        let key = try CertificateVerifyingKey(pem: SampleCertificates.publicKeyPEM)
        #expect(key == SampleCertificates.key.verifyingKey)
        #expect(try key.publicKeyPEM() == SampleCertificates.publicKeyPEM)
    }

    @Test func signature_verifiesForItsMessageOnly() throws {
        let message = Array("湖南".utf8)
        let signature = try SampleCertificates.key.sign(message)
        #expect(signature.count == 64)
        #expect(SampleCertificates.key.verifyingKey.isValidSignature(signature, of: message))
        #expect(!SampleCertificates.key.verifyingKey.isValidSignature(signature, of: Array("湖北".utf8)))
        #expect(try !CertificateSigningKey.generate().verifyingKey.isValidSignature(signature, of: message))
    }

    @Test func anEncryptedKey_isRefused_withoutAPrompt() {
        #expect(throws: CertificateKeyError.self) { try CertificateSigningKey(pem: Self.encryptedPEM) }
    }

    @Test func aKeyOfAnotherAlgorithm_isRefusedAsNotEd25519() {
        #expect { try CertificateSigningKey(pem: Self.ecPEM) } throws: { ($0 as? CertificateKeyError)?.description.contains("not an Ed25519 key") == true }
        #expect { try CertificateVerifyingKey(pem: Self.ecPublicPEM) } throws: { ($0 as? CertificateKeyError)?.description.contains("not an Ed25519 key") == true }
    }

    @Test func textThatIsNotPEM_isRefused() {
        #expect(throws: CertificateKeyError.self) { try CertificateSigningKey(pem: "not a key") }
        #expect(throws: CertificateKeyError.self) { try CertificateVerifyingKey(pem: SampleCertificates.keyPEM) }
    }

    @Test func environment_withoutTheVariable_saysWhichVariableAndHowToMakeAKey() {
        #expect { try CertificateSigningKey(environment: [:]) } throws: { error in
            let text = (error as? CertificateKeyError)?.description ?? ""
            return text.contains("VT_CERT_SIGNING_KEY") && text.contains("openssl genpkey -algorithm ed25519")
        }
    }

    @Test func environment_readsTheFileItNames_andNamesAFileItCannotRead() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(Array(SampleCertificates.keyPEM.utf8), to: "signing.pem")
        let key = try CertificateSigningKey(environment: ["VT_CERT_SIGNING_KEY": path])
        #expect(key.verifyingKey == SampleCertificates.key.verifyingKey)
        let missing = scratch.url.appendingPathComponent("absent.pem").path
        #expect { try CertificateSigningKey(environment: ["VT_CERT_SIGNING_KEY": missing]) } throws: {
            ($0 as? CertificateKeyError)?.description.contains(missing) == true
        }
    }

    @Test func description_neverShowsThePrivateKey() throws {
        var dumped = ""
        dump(SampleCertificates.key, to: &dumped)
        let text = "\(SampleCertificates.key) \(String(reflecting: SampleCertificates.key)) \(dumped)"
        #expect(!text.contains("EIBDzZVkjQd3Q9RXjrQBBdfxb6Qtgt27reUjjyIsXnsoZ"))
        #expect(!text.contains("16, 243, 101"))
        #expect(text.contains("CertificateSigningKey(public: "))
    }
}
