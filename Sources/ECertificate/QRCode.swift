internal import CQREncode

/// A QR code symbol made by libqrencode: a square of dark and light modules, row by row, without
/// the quiet zone (the renderer leaves four modules of white around it).
public struct QRCode: Sendable, Hashable {
    /// Modules per side.
    public let size: Int
    /// The QR version (1–40) libqrencode chose: the smallest that holds the text.
    public let version: Int
    /// `size * size` modules, row-major; true is dark.
    public let modules: [Bool]

    /// Encodes `text` as 8-bit data at error correction level M (15 % of the symbol may be lost):
    /// enough for a printed page that gets folded or stamped, small enough for a phone to read.
    public init(_ text: String) throws(QRCodeError) {
        guard let code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M) else {
            throw QRCodeError(description: "libqrencode cannot encode \(text.utf8.count) bytes (more than a version 40 symbol holds at level M)")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        size = width
        version = Int(code.pointee.version)
        // libqrencode: bit 0 of each byte is the module's colour (1 = dark); the other bits say
        // which part of the symbol it belongs to.
        modules = data.map { $0 & 1 == 1 }
    }

    /// Whether the module in `row`, `column` is dark.
    public func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] }
}

/// A text libqrencode could not encode.
public struct QRCodeError: Error, Sendable, CustomStringConvertible {
    /// Why.
    public let description: String
}
