import CZlib

/// A raw-deflate decompressor (zlib, windowBits -15). zlib keeps a pointer back to its stream,
/// so the `z_stream` lives at a fixed heap address for the inflater's whole life.
final class ZlibInflater {
    enum Step { case needsInput, outputFull, streamEnd }

    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)

    init() throws(SheetReadError) {
        stream.initialize(to: z_stream())
        guard vt_inflate_init_raw(stream) == Z_OK else {
            stream.deallocate()
            throw .corrupt
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Compressed bytes taken so far.
    var totalIn: Int { Int(stream.pointee.total_in) }

    /// Inflates from `input` (starting at `inputOffset`) into `output`; returns what stopped it,
    /// the input bytes consumed and the output bytes written.
    func inflate(
        _ input: UnsafeBufferPointer<UInt8>, inputOffset: Int, into output: UnsafeMutableBufferPointer<UInt8>
    ) throws(SheetReadError) -> (step: Step, consumed: Int, produced: Int) {
        let available = input.count - inputOffset
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0 + inputOffset })
        stream.pointee.avail_in = UInt32(available)
        stream.pointee.next_out = output.baseAddress
        stream.pointee.avail_out = UInt32(output.count)
        let status = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = available - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        switch status {
        case Z_STREAM_END:
            return (.streamEnd, consumed, produced)
        case Z_OK:
            return (stream.pointee.avail_out == 0 ? .outputFull : .needsInput, consumed, produced)
        case Z_BUF_ERROR where consumed == 0 && produced == 0:
            return (.needsInput, 0, 0)
        default:
            throw .corrupt
        }
    }
}
