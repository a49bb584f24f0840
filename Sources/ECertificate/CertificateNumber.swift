import Foundation

/// How the certificate prints its numbers: scores with two decimals (`86.50`), hours with at
/// most two decimals and no trailing zeros (`16`, `12.5`), a missing value as `-`.
enum CertificateNumber {
    /// `86.50`, or `-` for nil.
    static func score(_ value: Double?) -> String {
        guard let value else { return "-" }
        return String(format: "%.2f", value)
    }

    /// `16`, `12.5`, `0.75`, or `-` for nil.
    static func hours(_ value: Double?) -> String {
        guard let value else { return "-" }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
