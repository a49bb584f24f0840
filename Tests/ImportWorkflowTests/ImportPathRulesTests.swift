import ImportWorkflow
import Testing

/// The pure part of a `path` source's check (`ImportRules.pathComponents`): the text alone
/// decides, without Redis or the file system.
@Suite struct ImportPathRulesTests {
    static let roots = ["/srv/uploads"]

    static func components(_ path: String, under roots: [String] = roots) -> [String]? {
        if case .admitted(let components) = ImportRules.pathComponents(path, under: roots) { return components }
        return nil
    }

    static func refusal(_ path: String, under roots: [String] = roots) -> ImportRules.Refusal? {
        if case .refused(let refusal) = ImportRules.pathComponents(path, under: roots) { return refusal }
        return nil
    }

    @Test func aPlainPathUnderTheDirectory_givesItsComponentsBelowTheDirectory() {
        #expect(Self.components("/srv/uploads/a.csv") == ["a.csv"])
        #expect(Self.components("/srv/uploads/2025/04/imp 1.xlsx") == ["2025", "04", "imp 1.xlsx"])
        #expect(Self.components("/srv/uploads/..a.csv") == ["..a.csv"], "a name that starts with dots is a name")
        #expect(Self.components("/mnt/up/a.csv", under: ["/srv/uploads", "/mnt/up"]) == ["a.csv"], "either spelling of the directory")
        #expect(Self.components("/etc/passwd", under: ["/"]) == ["etc", "passwd"])
    }

    @Test func dotDotDotAndEmptyComponents_areForbidden_asNotPlain() {
        for path in ["/srv/uploads/../secret.csv", "/srv/uploads/sub/../../secret.csv", "/srv/uploads/./a.csv", "/srv/uploads/sub/..",
                     "/srv/uploads//a.csv", "/srv/uploads/a.csv/", "//srv/uploads/a.csv", "/srv/uploads/a\u{0}.csv", "srv/uploads/a.csv", ""] {
            #expect(Self.refusal(path) == ImportRules.pathNotPlain, "\(path)")
        }
    }

    @Test func pathsOutsideTheDirectory_andTheDirectoryItself_areForbidden_asOutside() {
        for path in ["/etc/passwd", "/srv/uploads", "/srv", "/srv/uploads-other/a.csv", "/srv/upload/a.csv", "/var/run/secrets/kubernetes.io/token"] {
            #expect(Self.refusal(path) == ImportRules.pathOutsideImportDirectory, "\(path)")
        }
        #expect(Self.refusal("/srv/uploads/a.csv", under: []) == ImportRules.pathOutsideImportDirectory)
    }

    @Test func namesAreComparedByteForByte_notAsEquivalentUnicode() {
        // "café" precomposed (NFC) and decomposed (NFD) are equal Swift strings but different names.
        #expect(Self.components("/srv/caf\u{E9}/a.csv", under: ["/srv/caf\u{E9}"]) == ["a.csv"])
        #expect(Self.refusal("/srv/cafe\u{301}/a.csv", under: ["/srv/caf\u{E9}"]) == ImportRules.pathOutsideImportDirectory)
    }

    @Test func plainComponents_ofAnAbsolutePath() {
        #expect(ImportRules.plainComponents("/") == [])
        #expect(ImportRules.plainComponents("/a/b") == ["a", "b"])
        #expect(ImportRules.plainComponents("/a/b/") == nil && ImportRules.plainComponents("a/b") == nil && ImportRules.plainComponents("/a/./b") == nil)
    }

    @Test func everyPathRefusal_isForbidden_andSaysWhatToDo() {
        for refusal in [ImportRules.pathSourcesOff, ImportRules.pathNotPlain, ImportRules.pathOutsideImportDirectory, ImportRules.pathThroughSymbolicLink] {
            #expect(refusal.code == .forbidden)
        }
        #expect(ImportRules.pathSourcesOff.message == "path sources are turned off: set VT_IMPORT_DIR to the directory uploads are written to")
        #expect(ImportRules.pathThroughSymbolicLink.message.contains("leads through a symbolic link"))
    }
}
