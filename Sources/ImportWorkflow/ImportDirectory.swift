#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ImportScan
import Spreadsheet

/// The directory `path` sources are read from (`VT_IMPORT_DIR`), opened once when the worker
/// starts. A path is checked on its text first (``ImportRules/pathComponents(_:under:)``), then
/// opened from this directory's descriptor one component at a time with `openat` and
/// `O_NOFOLLOW`: a symbolic link anywhere on the way is refused, also one swapped in after the
/// check, and nothing is opened by its full path again. What is opened must be a regular file
/// (`fstat` on the descriptor). Every call retries EINTR.
public final class ImportDirectory: Sendable {
    /// Why a source cannot be read.
    public enum Refusal: Error, Sendable, Equatable {
        /// Not the institution's mistake (a path this worker may not open): `rejected`, nobody told.
        case forbidden(ImportRules.Refusal)
        /// The file's fault (missing, not a file, too large): `rejected` with `import.failed`.
        case file(ImportRefusal)
    }

    /// The spellings a path may start with: the directory's realpath first, then the configured
    /// spelling (trailing slashes dropped) when it is a plain absolute path that differs. Only
    /// the part after the spelling is opened, from the descriptor opened at start.
    public let roots: [String]
    /// The directory, opened at start (`O_DIRECTORY`); closed with this value.
    private let descriptor: Int32

    /// Opens the directory `path` (resolved with realpath(3)).
    public init(path: String) throws(ImportLimits.Invalid) {
        guard let resolved = realpath(path, nil) else { throw ImportLimits.Invalid(description: "VT_IMPORT_DIR \(path) does not exist") }
        let root = String(cString: resolved)
        free(resolved)
        let fd = Self.retrying { openat(AT_FDCWD, root, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw ImportLimits.Invalid(description: "VT_IMPORT_DIR \(path) is not a directory this worker can open (errno \(errno))") }
        descriptor = fd
        var spelled = Substring(path)
        while spelled.count > 1, spelled.hasSuffix("/") { spelled = spelled.dropLast() }
        let configured = ImportRules.plainComponents(String(spelled)).map { "/" + $0.joined(separator: "/") }
        roots = [root] + (configured.map { $0 == root ? [] : [$0] } ?? [])
    }

    // close(2) is not retried on EINTR: on Linux the descriptor is released even then.
    deinit { close(descriptor) }

    /// The import directory of `VT_IMPORT_DIR`; nil when it is unset or empty (path sources off).
    public static func load(environment: [String: String]) throws(ImportLimits.Invalid) -> ImportDirectory? {
        guard let path = environment["VT_IMPORT_DIR"], !path.isEmpty else { return nil }
        return try ImportDirectory(path: path)
    }

    /// The file `path` names, opened: refused when its text is not admitted, when a component
    /// is a symbolic link (`forbidden`), when it is missing or not a regular file
    /// (`file_unreadable`).
    public func open(_ path: String) -> Result<LocalFile, Refusal> {
        let components: [String]
        switch ImportRules.pathComponents(path, under: roots) {
        case .admitted(let admitted): components = admitted
        case .refused(let refusal): return .failure(.forbidden(refusal))
        }
        var directory = descriptor
        defer { if directory != descriptor { close(directory) } }  // the intermediate directory last opened
        for name in components.dropLast() {
            let next = Self.retrying { openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
            guard next >= 0 else { return .failure(Self.refusal(errno: errno, opening: name, in: directory)) }
            if directory != descriptor { close(directory) }
            directory = next
        }
        guard let name = components.last else { return .failure(.forbidden(ImportRules.pathOutsideImportDirectory)) }
        // O_NONBLOCK: a FIFO opens at once (and is then refused) instead of waiting for a writer;
        // reads of a regular file ignore it.
        let fd = Self.retrying { openat(directory, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK) }
        guard fd >= 0 else { return .failure(Self.refusal(errno: errno, opening: name, in: directory)) }
        guard let file = LocalFile(descriptor: fd, path: path) else {
            return .failure(.file(ImportRefusal(code: "file_unreadable", message: "上传的不是普通文件，请重新上传")))
        }
        return .success(file)
    }

    /// Why `openat` of `name` failed: a symbolic link (ELOOP from O_NOFOLLOW; ENOTDIR from
    /// O_DIRECTORY on a link, told apart from a file where a directory should be by `fstatat`
    /// without following it), a missing name, or another error: the last two are the file's.
    static func refusal(errno code: Int32, opening name: String, in directory: Int32) -> Refusal {
        if code == ELOOP || (code == ENOTDIR && isSymbolicLink(name, in: directory)) { return .forbidden(ImportRules.pathThroughSymbolicLink) }
        if code == ENOENT || code == ENOTDIR { return .file(ImportRefusal(code: "file_unreadable", message: "没有找到上传的文件，请重新上传")) }
        return .file(ImportRefusal(code: "file_unreadable", message: "无法打开上传的文件（系统错误\(code)），请重新上传"))
    }

    /// Whether `name` in `directory` is a symbolic link (not followed).
    static func isSymbolicLink(_ name: String, in directory: Int32) -> Bool {
        var info = stat()
        return retrying { fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) } == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// `call` again while it fails with EINTR.
    static func retrying(_ call: () -> Int32) -> Int32 {
        while true {
            let rc = call()
            if rc >= 0 || errno != EINTR { return rc }
        }
    }
}
