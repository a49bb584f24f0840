import ECertificate
import JobQueue
import RedisClient

/// Publishes the public key the training workers sign e-certificates with at
/// `{p}:certificates:publicKey` (PEM), at start and every minute (a Redis restarted empty gets it
/// back): `vtctl certificate public-key` and `verify` read it when `VT_CERT_SIGNING_KEY` is not
/// at hand. Every training worker must hold the same key; the last one to publish wins.
public enum CertificateKeyPublisher {
    public static let taskName = "certificate-public-key"

    public static func task(signingKey: CertificateSigningKey, keys: TrainingKeys, intervalMs: Int64 = 60_000) throws -> PeriodicTask {
        let pem = try signingKey.publicKeyPEM()
        let key = keys.certificatePublicKey
        return PeriodicTask(name: taskName, intervalMs: intervalMs) { connection, _ in
            try connection.send("SET", key, pem)
        }
    }
}
