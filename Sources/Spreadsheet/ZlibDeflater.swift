import CZlib

/// A raw-deflate compressor (zlib, windowBits -15) appending to an output array, with the
/// CRC-32 and size of what it was given. The `z_stream` lives at a fixed heap address (zlib keeps
/// a pointer back to it).
final class ZlibDeflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var scratch = [UInt8](repeating: 0, count: 64 << 10)
    private(set) var crc: UInt32 = 0
    private(set) var inputSize = 0

    /// `level` 1 (fast) to 9 (small); 6 is zlib's default.
    init(level: Int32 = 6) {
        stream.initialize(to: z_stream())
        // Fails only without memory or with a bad level, both programming errors here.
        precondition(vt_deflate_init_raw(stream, level) == Z_OK, "deflateInit2 failed")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `bytes`, appending whatever output is ready to `output`.
    func write(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        crc = UInt32(truncatingIfNeeded: crc32(UInt(crc), bytes.baseAddress, UInt32(bytes.count)))
        inputSize += bytes.count
        run(bytes, flush: Z_NO_FLUSH, to: &output)
    }

    /// Ends the stream, appending the rest of the output.
    func finish(to output: inout [UInt8]) {
        run(UnsafeBufferPointer(start: nil, count: 0), flush: Z_FINISH, to: &output)
    }

    private func run(_ bytes: UnsafeBufferPointer<UInt8>, flush: Int32, to output: inout [UInt8]) {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress)
        stream.pointee.avail_in = UInt32(bytes.count)
        var status = Z_OK
        repeat {
            scratch.withUnsafeMutableBufferPointer { buffer in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = UInt32(buffer.count)
                status = deflate(stream, flush)
                output.append(contentsOf: buffer[0..<(buffer.count - Int(stream.pointee.avail_out))])
            }
        } while stream.pointee.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END)
    }
}
