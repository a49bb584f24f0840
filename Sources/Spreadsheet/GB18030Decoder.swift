#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts GB18030 (and so GBK and GB2312, its subsets: what Chinese Excel writes as "CSV")
/// to UTF-8 with glibc's iconv, piece by piece: a character split between two pieces is kept
/// until the next one.
final class GB18030Decoder {
    // iconv_t is an opaque C handle owned by this object; it is used by one thread at a time.
    private let handle: iconv_t
    private var pending: [UInt8] = []

    /// A byte sequence that is not GB18030.
    struct Undecodable: Error {
        /// The UTF-8 of the bytes before it.
        let decoded: [UInt8]
    }

    init() throws {
        let h = iconv_open("UTF-8", "GB18030")
        guard let h, h != iconv_t(bitPattern: -1) else {
            throw SheetReadError.unreadable("服务器不能读取GBK编码的文件，请将文件另存为UTF-8编码的CSV")
        }
        handle = h
    }

    deinit { iconv_close(handle) }

    /// The UTF-8 of `bytes` (after any bytes kept from the previous piece); a trailing
    /// incomplete character is kept for the next call, or is undecodable when `final`.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws(Undecodable) -> [UInt8] {
        var input = pending
        input.append(contentsOf: bytes)
        pending.removeAll()
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var produced = 0
        var failed = false
        input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw in
                var inPtr = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count
                var outPtr = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outLeft = outRaw.count
                while inLeft > 0 {
                    if iconv(handle, &inPtr, &inLeft, &outPtr, &outLeft) != -1 { continue }
                    if errno == EINVAL && !final {
                        pending = Array(UnsafeRawBufferPointer(start: inPtr, count: inLeft))
                    } else {
                        failed = true  // EILSEQ, or EINVAL at the end (E2BIG cannot happen: 2× room)
                    }
                    break
                }
                produced = outRaw.count - outLeft
            }
        }
        output.removeSubrange(produced...)
        if failed { throw Undecodable(decoded: output) }
        return output
    }
}
