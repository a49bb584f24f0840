import Testing
@testable import vtctl

/// The list of declarations that the usage and the dispatch come from.
@Suite struct CommandTableTests {
    static let names = CommandTable.all.map { $0.words.joined(separator: " ") }

    @Test func usage_listsEveryCommand_withItsOwnLines() {
        let lines = CommandTable.usage.split(separator: "\n").map(String.init)
        for declaration in CommandTable.all {
            let name = declaration.words.joined(separator: " ")
            #expect(lines.contains { $0.hasPrefix("  \(name) ") || $0 == "  \(name)" }, "usage misses \(name)")
            for line in declaration.usage { #expect(lines.contains("  " + line)) }
            #expect(declaration.usage.first?.hasPrefix(name + " ") == true, "\(name)'s usage starts with its words")
        }
        #expect(lines.first == "usage: vtctl [--redis-url URL] [--prefix PREFIX] [--json] COMMAND")
    }

    @Test func everyCommand_isFoundByItsWords() throws {
        for declaration in CommandTable.all {
            #expect(try CommandTable.declaration(for: declaration.words + ["ARG"]) == declaration)
        }
    }

    @Test func commandNames_areUnique_andANounIsEitherACommandOrHasVerbs() {
        #expect(Set(Self.names).count == Self.names.count)
        for noun in Set(CommandTable.all.map { $0.words[0] }) {
            let group = CommandTable.all.filter { $0.words[0] == noun }
            #expect(group.allSatisfy { $0.words.count == 1 } ? group.count == 1 : group.allSatisfy { $0.words.count == 2 }, "\(noun)")
        }
    }

    @Test func table_coversTheNounsOperatorsKnow() {
        for name in ["reviewer add", "reviewer list", "reviewer remove", "review list", "review decide", "institution show",
                     "certification submit", "enqueue", "stats", "workers", "job show", "dead list", "dead show", "dead retry",
                     "dead purge", "inbox list", "inbox read", "contact set", "contact show", "qualification apply",
                     "qualification list", "qualification expiring", "template students", "template scores", "import run", "import report",
                     "class create", "class show", "class list", "class publish", "class students", "class add-student", "class remove-student",
                     "scores set", "scores import", "scores report", "subsidy claim", "subsidy show", "subsidy granted",
                     "certificate get", "certificate show", "certificate verify", "certificate public-key"] {
            #expect(Self.names.contains(name), "\(name)")
        }
        #expect(Self.names.count == 43)
    }

    @Test func onlyTheCommandsThatReadAJSONFile_acceptTheDeprecatedJSONFileForm() {
        let readers = CommandTable.all.filter { $0.readsJSONFile }.map { $0.words.joined(separator: " ") }
        #expect(readers == ["certification submit", "enqueue", "qualification apply"])
        for declaration in CommandTable.all where declaration.readsJSONFile {
            #expect(declaration.options.values.contains("file"))
        }
    }
}
