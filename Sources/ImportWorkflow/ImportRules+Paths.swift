/// The pure part of a `path` source's check: which paths may be opened below the import
/// directory (`VT_IMPORT_DIR`), decided on the text alone. ``ImportDirectory`` then opens what is
/// admitted, one component at a time without following links.
extension ImportRules {
    /// A `path` source while no import directory is set (`VT_IMPORT_DIR` unset or empty).
    public static let pathSourcesOff = Refusal(.forbidden, "path sources are turned off: set VT_IMPORT_DIR to the directory uploads are written to")

    /// A path with a `.`, `..` or empty component (`//`, a trailing `/`), or a NUL byte.
    public static let pathNotPlain = Refusal(.forbidden, "source.path must be a plain absolute path: no '.', '..' or empty components")

    /// A plain path that does not lie under the import directory.
    public static let pathOutsideImportDirectory = Refusal(.forbidden, "source.path is outside the import directory this worker may read")

    /// A path that leads through a symbolic link (found while opening it).
    public static let pathThroughSymbolicLink = Refusal(
        .forbidden, "source.path leads through a symbolic link: files in the import directory are opened without following links")

    /// What the rules make of a `path` source's text.
    public enum PathAdmission: Sendable, Equatable {
        /// The components below the import directory, in order (at least one).
        case admitted([String])
        case refused(Refusal)
    }

    /// The components of `path` below the import directory, to be opened one by one from the
    /// directory's descriptor; or the refusal. `roots` are the directory's spellings (plain
    /// absolute paths, ``plainComponents(_:)``); the path must be plain too and lie strictly
    /// under one of them: the directory itself is outside.
    public static func pathComponents(_ path: String, under roots: [String]) -> PathAdmission {
        guard let components = plainComponents(path) else { return .refused(pathNotPlain) }
        for root in roots {
            guard let rootComponents = plainComponents(root), components.count > rootComponents.count else { continue }
            if zip(components, rootComponents).allSatisfy({ $0.utf8.elementsEqual($1.utf8) }) {
                return .admitted(Array(components.dropFirst(rootComponents.count)))
            }
        }
        return .refused(pathOutsideImportDirectory)
    }

    /// The components of an absolute path; nil unless it is plain: it starts with `/` and has no
    /// `.`, `..` or empty component and no NUL byte. `/` has none. Compared byte for byte, as the
    /// kernel compares names.
    public static func plainComponents(_ path: String) -> [String]? {
        guard path.utf8.first == UInt8(ascii: "/") else { return nil }
        if path.utf8.count == 1 { return [] }
        var components: [String] = []
        for part in path.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            let bytes = Array(part)
            guard !bytes.isEmpty, bytes != [0x2E], bytes != [0x2E, 0x2E], !bytes.contains(0) else { return nil }
            components.append(String(decoding: bytes, as: UTF8.self))
        }
        return components
    }
}
