#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file on the worker's disk, read with `pread` (random access, no whole-file load).
/// The descriptor is closed when the value is released.
public final class LocalFile: ImportFile {
    private let descriptor: Int32
    public let size: Int
    public let path: String

    /// Opens `path` for reading, following symbolic links: for paths the caller trusts (tests,
    /// tools); the import worker opens `path` sources through `ImportDirectory`. Nil when it is
    /// missing, unreadable or not a regular file. Opened non-blocking, so that a FIFO does not
    /// hang the open.
    public convenience init?(path: String) {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { return nil }
        self.init(descriptor: fd, path: path)
    }

    /// Takes over `descriptor`, open for reading: nil, and the descriptor closed, unless it is a
    /// regular file (`fstat`). `path` is kept for messages only.
    public init?(descriptor fd: Int32, path: String) {
        var info = stat()
        var rc: Int32
        repeat { rc = fstat(fd, &info) } while rc != 0 && errno == EINTR
        guard rc == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            return nil
        }
        descriptor = fd
        size = Int(info.st_size)
        self.path = path
    }

    deinit { close(descriptor) }

    public func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset < size, count > 0 else { return [] }
        let wanted = min(count, size - offset)
        var out = [UInt8](repeating: 0, count: wanted)
        var filled = 0
        try out.withUnsafeMutableBytes { buffer in
            while filled < wanted {
                let n = pread(descriptor, buffer.baseAddress! + filled, wanted - filled, off_t(offset + filled))
                if n > 0 { filled += n; continue }
                if n == 0 { break }
                if errno == EINTR { continue }
                throw SheetReadError.unreadable("读取文件失败（系统错误\(errno)），请重新上传")
            }
        }
        out.removeSubrange(filled...)
        return out
    }
}
