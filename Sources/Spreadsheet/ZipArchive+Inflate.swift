import CZlib

/// What has been inflated from one archive so far, against `XlsxLimits.maxTotalInflatedBytes`.
struct InflationBudget: Sendable {
    var inflatedBytes = 0
}

extension ZipArchive {
    private static let localHeaderSignature = 0x0403_4B50
    private static let chunkSize = 64 << 10

    /// Streams `entry`'s inflated bytes to `sink` chunk by chunk (at most 64 KiB each), holding
    /// only one compressed and one inflated chunk. Refuses encrypted entries, methods other than
    /// stored and deflate, more than `maxBytes` (or the budget's total), a compression ratio above
    /// the limit, a size or CRC-32 that differs from the directory's, and truncated data. Throws
    /// `SheetReadError` or what `sink` throws.
    func stream(_ entry: ZipEntry, maxBytes: Int, budget: inout InflationBudget,
                _ sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        if entry.isEncrypted { throw SheetReadError.encrypted }
        guard entry.method == ZipEntry.stored || entry.method == ZipEntry.deflated else {
            throw SheetReadError.unsupportedMethod(entry.method)
        }
        try checkDeclaredSize(entry, maxBytes: maxBytes, budget: budget)
        let dataStart = try self.dataStart(of: entry)
        var meter = InflationMeter(entry: entry, limits: limits, maxBytes: maxBytes, budget: budget)
        if entry.method == ZipEntry.stored {
            try copyStored(entry, from: dataStart, meter: &meter, sink)
        } else {
            try inflate(entry, from: dataStart, meter: &meter, sink)
        }
        try meter.finish()
        budget = meter.budget
    }

    /// Where `entry`'s compressed data starts, from its local header; `corrupt` when the header
    /// is not one or the data would run past the file's end.
    func dataStart(of entry: ZipEntry) throws(SheetReadError) -> Int {
        let header = try Self.read(file, offset: entry.localHeaderOffset, count: 30)
        guard header.littleEndian32(at: 0) == Self.localHeaderSignature,
              let nameLength = header.littleEndian16(at: 26), let extraLength = header.littleEndian16(at: 28)
        else { throw .corrupt }
        let dataStart = entry.localHeaderOffset + 30 + nameLength + extraLength
        guard dataStart + entry.compressedSize <= file.size else { throw .corrupt }
        return dataStart
    }

    func checkDeclaredSize(_ entry: ZipEntry, maxBytes: Int, budget: InflationBudget) throws(SheetReadError) {
        if entry.uncompressedSize > maxBytes || budget.inflatedBytes + entry.uncompressedSize > limits.maxTotalInflatedBytes {
            throw .inflatedTooLarge(limitMiB: min(maxBytes, limits.maxTotalInflatedBytes) >> 20)
        }
        if entry.uncompressedSize > limits.ratioCheckedAbove,
           entry.uncompressedSize > limits.maxCompressionRatio * max(entry.compressedSize, 1) {
            throw .ratioTooHigh(limits.maxCompressionRatio)
        }
    }

    private func copyStored(_ entry: ZipEntry, from start: Int, meter: inout InflationMeter,
                            _ sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard entry.compressedSize == entry.uncompressedSize else { throw SheetReadError.corrupt }
        var offset = 0
        while offset < entry.compressedSize {
            let chunk = try Self.read(file, offset: start + offset, count: min(Self.chunkSize, entry.compressedSize - offset))
            offset += chunk.count
            try chunk.withUnsafeBufferPointer { bytes in
                try meter.add(bytes, compressedSoFar: offset)
                try sink(bytes)
            }
        }
    }

    private func inflate(_ entry: ZipEntry, from start: Int, meter: inout InflationMeter,
                         _ sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let inflater = try ZlibInflater()
        var output = [UInt8](repeating: 0, count: Self.chunkSize)
        var read = 0
        var ended = false
        while !ended {
            guard read < entry.compressedSize else { throw SheetReadError.corrupt }
            let input = try Self.read(file, offset: start + read, count: min(Self.chunkSize, entry.compressedSize - read))
            read += input.count
            var used = 0
            try input.withUnsafeBufferPointer { input in
                while !ended {
                    let (step, consumed, produced) = try output.withUnsafeMutableBufferPointer { out in
                        try inflater.inflate(input, inputOffset: used, into: out)
                    }
                    used += consumed
                    if produced > 0 {
                        try output.withUnsafeBufferPointer { out in
                            let chunk = UnsafeBufferPointer(rebasing: out[0..<produced])
                            try meter.add(chunk, compressedSoFar: inflater.totalIn)
                            try sink(chunk)
                        }
                    }
                    if step == .streamEnd {
                        ended = true
                    } else if step == .needsInput && used == input.count {
                        break
                    } else if consumed == 0 && produced == 0 {
                        throw SheetReadError.corrupt
                    }
                }
            }
        }
    }
}

/// Counts one entry's inflated bytes and CRC-32 against the limits while it streams.
private struct InflationMeter {
    let entry: ZipEntry
    let limits: XlsxLimits
    let maxBytes: Int
    var budget: InflationBudget
    var inflated = 0
    var crc: UInt = crc32(0, nil, 0)

    init(entry: ZipEntry, limits: XlsxLimits, maxBytes: Int, budget: InflationBudget) {
        self.entry = entry
        self.limits = limits
        self.maxBytes = maxBytes
        self.budget = budget
    }

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, compressedSoFar: Int) throws(SheetReadError) {
        inflated += bytes.count
        budget.inflatedBytes += bytes.count
        if inflated > maxBytes || budget.inflatedBytes > limits.maxTotalInflatedBytes {
            throw .inflatedTooLarge(limitMiB: min(maxBytes, limits.maxTotalInflatedBytes) >> 20)
        }
        if inflated > limits.ratioCheckedAbove, inflated > limits.maxCompressionRatio * max(compressedSoFar, 1) {
            throw .ratioTooHigh(limits.maxCompressionRatio)
        }
        // A size larger than declared is caught here, before the sink sees the extra bytes' consequences pile up.
        guard inflated <= entry.uncompressedSize else { throw .corrupt }
        crc = crc32(crc, bytes.baseAddress, UInt32(bytes.count))
    }

    func finish() throws(SheetReadError) {
        guard inflated == entry.uncompressedSize, UInt32(truncatingIfNeeded: crc) == entry.crc32 else { throw .corrupt }
    }
}

extension ZipArchive {
    /// Streams `entry` through an XML parser into `handler` (a part read for its content, not
    /// handed on row by row).
    func parse(_ entry: ZipEntry, maxBytes: Int, budget: inout InflationBudget,
               handler: any XMLEventHandler) throws(SheetReadError) {
        let parser = try XMLPushParser(handler: handler)
        do {
            try stream(entry, maxBytes: maxBytes, budget: &budget) { chunk in try parser.feed(chunk) }
        } catch let error as SheetReadError {
            throw error
        } catch {
            throw .corrupt
        }
        try parser.finish()
    }
}
