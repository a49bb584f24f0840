/// One file inside a zip, as its central directory describes it.
struct ZipEntry: Sendable, Equatable {
    static let stored = 0
    static let deflated = 8

    let name: String
    /// General purpose flags; bit 0 means encrypted.
    let flags: Int
    let method: Int
    let crc32: UInt32
    let compressedSize: Int
    let uncompressedSize: Int
    /// Where the entry's local header starts.
    let localHeaderOffset: Int

    var isEncrypted: Bool { flags & 1 != 0 }
}

/// Little-endian reads from a byte array, nil past its end (truncated structures).
extension Array where Element == UInt8 {
    func littleEndian16(at offset: Int) -> Int? {
        guard offset >= 0, offset + 2 <= count else { return nil }
        return Int(self[offset]) | Int(self[offset + 1]) << 8
    }

    func littleEndian32(at offset: Int) -> Int? {
        guard let low = littleEndian16(at: offset), let high = littleEndian16(at: offset + 2) else { return nil }
        return low | high << 16
    }
}
