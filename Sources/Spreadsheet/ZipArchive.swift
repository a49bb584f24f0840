/// A zip archive read from an `ImportFile` without holding it: the end-of-central-directory
/// record and the central directory are read once; entries are streamed on demand
/// (`ZipArchive+Inflate.swift`). ZIP64, multi-disk archives and encrypted entries are refused.
struct ZipArchive {
    let file: any ImportFile
    let limits: XlsxLimits
    /// The entries by name, in directory order.
    let entries: [String: ZipEntry]

    private static let endOfDirectorySignature = 0x0605_4B50
    private static let zip64LocatorSignature = 0x0706_4B50
    private static let directorySignature = 0x0201_4B50
    private static let endRecordSize = 22
    /// Where the central directory may be: the last 22 bytes plus a comment of up to 64 KiB.
    private static let endSearchSize = endRecordSize + 0xFFFF

    init(file: any ImportFile, limits: XlsxLimits) throws(SheetReadError) {
        self.file = file
        self.limits = limits
        guard file.size >= Self.endRecordSize else { throw .notZip }
        let tailStart = max(0, file.size - Self.endSearchSize)
        let tail = try Self.read(file, offset: tailStart, count: file.size - tailStart)
        guard let end = Self.lastEndRecord(in: tail) else { throw .notZip }
        if end >= 20, tail.littleEndian32(at: end - 20) == Self.zip64LocatorSignature { throw .zip64 }
        guard let disk = tail.littleEndian16(at: end + 4), let directoryDisk = tail.littleEndian16(at: end + 6),
              let diskEntries = tail.littleEndian16(at: end + 8), let count = tail.littleEndian16(at: end + 10),
              let size = tail.littleEndian32(at: end + 12), let offset = tail.littleEndian32(at: end + 16)
        else { throw .corrupt }
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF { throw .zip64 }
        guard disk == 0, directoryDisk == 0, diskEntries == count else { throw .corrupt }
        guard count <= limits.maxEntries else { throw .tooManyEntries(limits.maxEntries) }
        guard offset + size <= tailStart + end else { throw .corrupt }
        let directory = try Self.read(file, offset: offset, count: size)
        entries = try Self.parseDirectory(directory, count: count, dataEnd: offset)
    }

    /// An archive whose directory was read already (a part prefetched for another thread).
    init(file: any ImportFile, limits: XlsxLimits, entries: [String: ZipEntry]) {
        self.file = file
        self.limits = limits
        self.entries = entries
    }

    /// Read size of ``prefetch(_:)`` (a Redis round trip each).
    private static let prefetchPiece = 1 << 20

    /// `entry`'s local header and compressed data, read into memory in pieces, for ``stream(_:maxBytes:budget:_:)``
    /// on another archive over the result (with this entry).
    func prefetch(_ entry: ZipEntry) throws(SheetReadError) -> PrefetchedFile {
        let end = try dataStart(of: entry) + entry.compressedSize
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - entry.localHeaderOffset)
        while entry.localHeaderOffset + bytes.count < end {
            let at = entry.localHeaderOffset + bytes.count
            bytes += try Self.read(file, offset: at, count: min(Self.prefetchPiece, end - at))
        }
        return PrefetchedFile(start: entry.localHeaderOffset, bytes: bytes, size: file.size)
    }

    /// The entry called `name`.
    func entry(_ name: String) -> ZipEntry? { entries[name] }

    static func read(_ file: any ImportFile, offset: Int, count: Int) throws(SheetReadError) -> [UInt8] {
        let bytes: [UInt8]
        do { bytes = try file.read(offset: offset, count: count) } catch { throw .corrupt }
        guard bytes.count == count else { throw .corrupt }
        return bytes
    }

    /// The offset of the last end-of-central-directory signature in `tail`.
    private static func lastEndRecord(in tail: [UInt8]) -> Int? {
        var at = tail.count - endRecordSize
        while at >= 0 {
            if tail[at] == 0x50, tail.littleEndian32(at: at) == endOfDirectorySignature { return at }
            at -= 1
        }
        return nil
    }

    private static func parseDirectory(_ bytes: [UInt8], count: Int, dataEnd: Int) throws(SheetReadError) -> [String: ZipEntry] {
        var entries: [String: ZipEntry] = [:]
        var at = 0
        for _ in 0..<count {
            guard bytes.littleEndian32(at: at) == directorySignature,
                  let flags = bytes.littleEndian16(at: at + 8), let method = bytes.littleEndian16(at: at + 10),
                  let crc = bytes.littleEndian32(at: at + 16), let compressed = bytes.littleEndian32(at: at + 20),
                  let uncompressed = bytes.littleEndian32(at: at + 24), let nameLength = bytes.littleEndian16(at: at + 28),
                  let extraLength = bytes.littleEndian16(at: at + 30), let commentLength = bytes.littleEndian16(at: at + 32),
                  let local = bytes.littleEndian32(at: at + 42), at + 46 + nameLength <= bytes.count
            else { throw .corrupt }
            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF { throw .zip64 }
            guard local < dataEnd else { throw .corrupt }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            entries[name] = ZipEntry(name: name, flags: flags, method: method, crc32: UInt32(crc),
                                     compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: local)
            at += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }
}

/// One range of a file held in memory, answering reads within it at the file's own offsets
/// (a read outside it is the file's end: the reader then finds the data truncated).
struct PrefetchedFile: ImportFile, Sendable {
    let start: Int
    let bytes: [UInt8]
    let size: Int

    func read(offset: Int, count: Int) -> [UInt8] {
        let from = offset - start
        guard from >= 0, from < bytes.count, count > 0 else { return [] }
        return Array(bytes[from..<min(bytes.count, from + count)])
    }
}
