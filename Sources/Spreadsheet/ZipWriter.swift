/// Writes a zip archive into memory: deflated entries, each with its local header (patched with
/// CRC-32 and sizes once the entry is complete, so no data descriptors), then the central
/// directory. No ZIP64: a workbook this project writes stays far below 4 GiB.
struct ZipWriter {
    private(set) var output: [UInt8] = []
    private var directory: [UInt8] = []
    private var entryCount = 0
    private var current: (name: [UInt8], headerOffset: Int, deflater: ZlibDeflater)?
    /// zlib's level for every entry: 1 (fast) to 9 (small); 6 is zlib's default.
    var level: Int32 = 6

    /// 1980-01-01 00:00, the earliest DOS date: the output does not depend on the clock.
    private static let dosTime = 0
    private static let dosDate = (0 << 9) | (1 << 5) | 1

    /// Starts an entry; `write` its bytes, then `endEntry`.
    mutating func beginEntry(_ name: String) {
        precondition(current == nil, "endEntry first")
        let nameBytes = Array(name.utf8)
        current = (nameBytes, output.count, ZlibDeflater(level: level))
        output.append(contentsOf: [UInt8](repeating: 0, count: 30))
        output.append(contentsOf: nameBytes)
    }

    mutating func write(_ bytes: [UInt8]) {
        guard let current else { preconditionFailure("beginEntry first") }
        bytes.withUnsafeBufferPointer { current.deflater.write($0, to: &output) }
    }

    mutating func endEntry() {
        guard let entry = current else { preconditionFailure("beginEntry first") }
        current = nil
        let dataStart = entry.headerOffset + 30 + entry.name.count
        entry.deflater.finish(to: &output)
        let crc = Int(entry.deflater.crc)
        let compressed = output.count - dataStart
        let size = entry.deflater.inputSize
        var header: [UInt8] = []
        header.appendLittleEndian(0x0403_4B50, bytes: 4)
        appendCommonFields(to: &header, crc: crc, compressed: compressed, size: size, nameLength: entry.name.count)
        output.replaceSubrange(entry.headerOffset..<(entry.headerOffset + 30), with: header)
        directory.appendLittleEndian(0x0201_4B50, bytes: 4)
        directory.appendLittleEndian(20, bytes: 2)  // made by: version 2.0
        appendCommonFields(to: &directory, crc: crc, compressed: compressed, size: size, nameLength: entry.name.count)
        directory.appendLittleEndian(0, bytes: 2)  // comment length
        directory.appendLittleEndian(0, bytes: 2)  // disk
        directory.appendLittleEndian(0, bytes: 2)  // internal attributes
        directory.appendLittleEndian(0, bytes: 4)  // external attributes
        directory.appendLittleEndian(entry.headerOffset, bytes: 4)
        directory.append(contentsOf: entry.name)
        entryCount += 1
    }

    /// Adds one whole entry.
    mutating func addEntry(_ name: String, _ bytes: [UInt8]) {
        beginEntry(name)
        write(bytes)
        endEntry()
    }

    /// The archive's bytes, with its central directory and end record.
    consuming func finish() -> [UInt8] {
        precondition(current == nil, "endEntry first")
        let directoryOffset = output.count
        output.append(contentsOf: directory)
        output.appendLittleEndian(0x0605_4B50, bytes: 4)
        output.appendLittleEndian(0, bytes: 4)  // disk numbers
        output.appendLittleEndian(entryCount, bytes: 2)
        output.appendLittleEndian(entryCount, bytes: 2)
        output.appendLittleEndian(directory.count, bytes: 4)
        output.appendLittleEndian(directoryOffset, bytes: 4)
        output.appendLittleEndian(0, bytes: 2)  // comment length
        return output
    }

    /// Version needed, flags (bit 11: UTF-8 names), method, time, date, CRC, sizes, name and
    /// extra lengths: the same in the local header and the directory record.
    private func appendCommonFields(to bytes: inout [UInt8], crc: Int, compressed: Int, size: Int, nameLength: Int) {
        bytes.appendLittleEndian(20, bytes: 2)
        bytes.appendLittleEndian(1 << 11, bytes: 2)
        bytes.appendLittleEndian(ZipEntry.deflated, bytes: 2)
        bytes.appendLittleEndian(Self.dosTime, bytes: 2)
        bytes.appendLittleEndian(Self.dosDate, bytes: 2)
        bytes.appendLittleEndian(crc, bytes: 4)
        bytes.appendLittleEndian(compressed, bytes: 4)
        bytes.appendLittleEndian(size, bytes: 4)
        bytes.appendLittleEndian(nameLength, bytes: 2)
        bytes.appendLittleEndian(0, bytes: 2)
    }
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian(_ value: Int, bytes count: Int) {
        for i in 0..<count { append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }
}
