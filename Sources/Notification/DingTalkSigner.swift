import CCrypto
import Foundation

/// DingTalk group robot signing ("加签"): `sign = urlEncode(base64(HMAC-SHA256(secret,
/// "{timestamp}\n{secret}")))`, appended to the webhook URL as `&timestamp=…&sign=…`.
/// The HMAC is OpenSSL's (libcrypto), not a hand-written hash.
public enum DingTalkSigner {
    /// HMAC-SHA256 of `message` under `key`.
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = key.withUnsafeBufferPointer { k in
            message.withUnsafeBufferPointer { m in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress, m.count, o.baseAddress, &length)
                }
            }
        }
        precondition(ok != nil, "HMAC-SHA256 failed")
        return Array(out.prefix(Int(length)))
    }

    /// The base64 signature (not yet URL-encoded).
    public static func signature(timestampMs: Int64, secret: String) -> String {
        let message = "\(timestampMs)\n\(secret)"
        return Data(hmacSHA256(key: Array(secret.utf8), message: Array(message.utf8))).base64EncodedString()
    }

    /// The webhook URL with `&timestamp=…&sign=…` (URL-encoded) appended.
    public static func signedURL(_ webhook: String, timestampMs: Int64, secret: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let sign = signature(timestampMs: timestampMs, secret: secret).addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        let separator = webhook.contains("?") ? "&" : "?"
        return "\(webhook)\(separator)timestamp=\(timestampMs)&sign=\(sign)"
    }
}
