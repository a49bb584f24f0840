import Foundation
import Glibc
import ImportScan
import ImportWorkflow
import Spreadsheet
import Synchronization
import Testing

/// `ImportDirectory`: `path` sources opened under `VT_IMPORT_DIR` one component at a time from
/// the directory opened at start, never through a symbolic link, and only regular files; on a
/// real file system, without Redis.
@Suite struct ImportDirectoryTests {
    /// `base/uploads` (the import directory) holding `a.csv` and `sub/b.csv`; `base/secret.csv`
    /// outside it. Removed with the value.
    final class Tree: Sendable {
        let base: URL
        let uploads: URL
        let directory: ImportDirectory

        init() throws {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("vt-importdir-\(UUID().uuidString)")
            uploads = base.appendingPathComponent("uploads")
            try FileManager.default.createDirectory(at: uploads.appendingPathComponent("sub"), withIntermediateDirectories: true)
            try Data("inside".utf8).write(to: uploads.appendingPathComponent("a.csv"))
            try Data("deeper".utf8).write(to: uploads.appendingPathComponent("sub/b.csv"))
            try Data("secret".utf8).write(to: base.appendingPathComponent("secret.csv"))
            directory = try ImportDirectory(path: uploads.path)
        }

        deinit { try? FileManager.default.removeItem(at: base) }

        /// A symbolic link `name` in the import directory pointing at `target`.
        func link(_ name: String, to target: String) throws {
            try FileManager.default.createSymbolicLink(atPath: uploads.appendingPathComponent(name).path, withDestinationPath: target)
        }

        /// The text of the file `path` opens, or the refusal.
        func open(_ path: String) throws -> Result<String, ImportDirectory.Refusal> {
            switch directory.open(path) {
            case .success(let file): .success(String(decoding: try file.read(offset: 0, count: 100), as: UTF8.self))
            case .failure(let refusal): .failure(refusal)
            }
        }

        func open(inside name: String) throws -> Result<String, ImportDirectory.Refusal> { try open(uploads.appendingPathComponent(name).path) }
    }

    static let symbolicLink = ImportDirectory.Refusal.forbidden(ImportRules.pathThroughSymbolicLink)
    static let missing = ImportDirectory.Refusal.file(ImportRefusal(code: "file_unreadable", message: "没有找到上传的文件，请重新上传"))
    static let notAFile = ImportDirectory.Refusal.file(ImportRefusal(code: "file_unreadable", message: "上传的不是普通文件，请重新上传"))

    @Test func aFileInside_isOpened_atAnyDepth() throws {
        let tree = try Tree()
        #expect(try tree.open(inside: "a.csv") == .success("inside"))
        #expect(try tree.open(inside: "sub/b.csv") == .success("deeper"))
    }

    @Test func load_withoutVT_IMPORT_DIR_isNone_andADirectoryThatCannotBeOpened_stopsTheWorkerAtStart() throws {
        let tree = try Tree()
        #expect(try ImportDirectory.load(environment: [:]) == nil)
        #expect(try ImportDirectory.load(environment: ["VT_IMPORT_DIR": ""]) == nil)
        #expect(try ImportDirectory.load(environment: ["VT_IMPORT_DIR": tree.uploads.path + "/"])?.roots.last == tree.uploads.path)
        for bad in ["/no/such/dir", tree.base.appendingPathComponent("secret.csv").path] {
            #expect(throws: ImportLimits.Invalid.self, "\(bad)") { try ImportDirectory.load(environment: ["VT_IMPORT_DIR": bad]) }
        }
    }

    @Test func dotDot_andPathsOutside_areForbidden() throws {
        let tree = try Tree()
        #expect(try tree.open(inside: "../secret.csv") == .failure(.forbidden(ImportRules.pathNotPlain)))
        #expect(try tree.open(inside: "sub/../a.csv") == .failure(.forbidden(ImportRules.pathNotPlain)))
        #expect(try tree.open(tree.base.appendingPathComponent("secret.csv").path) == .failure(.forbidden(ImportRules.pathOutsideImportDirectory)))
        #expect(try tree.open("/etc/passwd") == .failure(.forbidden(ImportRules.pathOutsideImportDirectory)))
    }

    @Test func aSymbolicLink_isForbidden_whereverItPoints_andWhereverItSitsOnThePath() throws {
        let tree = try Tree()
        try tree.link("out.csv", to: tree.base.appendingPathComponent("secret.csv").path)
        try tree.link("in.csv", to: tree.uploads.appendingPathComponent("a.csv").path)
        try tree.link("relative.csv", to: "a.csv")
        try tree.link("subdir", to: tree.uploads.appendingPathComponent("sub").path)
        try tree.link("outdir", to: tree.base.path)
        try tree.link("dangling.csv", to: "/no/such/file")
        #expect(try tree.open(inside: "out.csv") == .failure(Self.symbolicLink), "a link out of the directory")
        #expect(try tree.open(inside: "in.csv") == .failure(Self.symbolicLink), "a link to a file inside: no links at all")
        #expect(try tree.open(inside: "relative.csv") == .failure(Self.symbolicLink))
        #expect(try tree.open(inside: "subdir/b.csv") == .failure(Self.symbolicLink), "a linked directory inside")
        #expect(try tree.open(inside: "outdir/secret.csv") == .failure(Self.symbolicLink), "a linked directory out")
        #expect(try tree.open(inside: "dangling.csv") == .failure(Self.symbolicLink))
    }

    @Test func aLinkSwappedInAfterStart_isNotFollowed_andTheDirectoryIsTheOneOpenedAtStart() throws {
        let tree = try Tree()
        let fm = FileManager.default
        try fm.removeItem(at: tree.uploads.appendingPathComponent("sub"))
        try fm.createSymbolicLink(at: tree.uploads.appendingPathComponent("sub"), withDestinationURL: tree.base)
        #expect(try tree.open(inside: "sub/secret.csv") == .failure(Self.symbolicLink))
        // The import directory itself replaced by a link out after start: paths are still opened
        // from the directory opened at start (now renamed), never through the link.
        try fm.moveItem(at: tree.uploads, to: tree.base.appendingPathComponent("moved"))
        try fm.createSymbolicLink(at: tree.uploads, withDestinationURL: tree.base)
        #expect(try tree.open(inside: "secret.csv") == .failure(Self.missing))
        #expect(try tree.open(inside: "a.csv") == .success("inside"))
    }

    @Test func aFIFOOrADirectory_isFileUnreadable_withoutWaitingForAWriter() throws {
        let tree = try Tree()
        let fifo = tree.uploads.appendingPathComponent("pipe.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let opened = DispatchSemaphore(value: 0)
        let outcome = Outcome()
        DispatchQueue.global().async {
            outcome.set(try? tree.open(fifo))
            opened.signal()
        }
        let inTime = opened.wait(timeout: .now() + 10) == .success
        if !inTime {
            // A writer lets a blocked open return, so that the test ends (and fails).
            let writer = Glibc.open(fifo, O_WRONLY | O_NONBLOCK)
            opened.wait()
            if writer >= 0 { close(writer) }
        }
        #expect(inTime, "opening a FIFO must not wait for a writer")
        #expect(outcome.value == .failure(Self.notAFile))
        #expect(try tree.open(inside: "sub") == .failure(Self.notAFile))
    }

    @Test func aMissingFile_isFileUnreadable_asBefore() throws {
        let tree = try Tree()
        #expect(try tree.open(inside: "missing.csv") == .failure(Self.missing))
        #expect(try tree.open(inside: "nodir/x.csv") == .failure(Self.missing))
        #expect(try tree.open(inside: "a.csv/x.csv") == .failure(Self.missing), "a file where a directory should be")
    }

    @Test func theConfiguredSpelling_throughALinkedParent_namesTheSameDirectory() throws {
        let tree = try Tree()
        let alias = tree.base.appendingPathComponent("alias")
        try FileManager.default.createSymbolicLink(at: alias, withDestinationURL: tree.base)
        let configured = alias.appendingPathComponent("uploads").path
        let directory = try ImportDirectory(path: configured)
        let real = try #require(directory.roots.first)
        #expect(directory.roots == [real, configured])
        for path in [configured + "/a.csv", real + "/a.csv"] {
            guard case .success(let file) = directory.open(path) else { Issue.record("\(path) not opened"); continue }
            #expect(try file.read(offset: 0, count: 10) == Array("inside".utf8))
        }
        guard case .failure(let refusal) = directory.open(configured + "/../secret.csv") else { Issue.record("opened"); return }
        #expect(refusal == .forbidden(ImportRules.pathNotPlain))
    }

    /// What the background open ended with.
    final class Outcome: Sendable {
        private let box = Mutex<Result<String, ImportDirectory.Refusal>?>(nil)
        var value: Result<String, ImportDirectory.Refusal>? { box.withLock { $0 } }
        func set(_ value: Result<String, ImportDirectory.Refusal>?) { box.withLock { $0 = value } }
    }
}
