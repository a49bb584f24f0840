import Foundation
import Testing
@testable import TrainingDomain

/// `../shared/data` beside the package root (this file is Tests/TrainingDomainTests/…).
private let sharedDataDirectory: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/data")

private let embeddedCopies: [(file: String, text: String)] = [
    (EmbeddedData.regionsFileName, EmbeddedData.hunanRegionsJSON),
    (EmbeddedData.occupationsFileName, EmbeddedData.occupationsJSON),
    (EmbeddedData.studentTypesFileName, EmbeddedData.studentTypesJSON),
]

@Test(arguments: embeddedCopies.map(\.file))
func embeddedData_equalsSharedFile_whenFileExists(file: String) throws {
    let text = try #require(embeddedCopies.first { $0.file == file }?.text)
    let url = sharedDataDirectory.appendingPathComponent(file)
    if FileManager.default.fileExists(atPath: url.path) {
        let onDisk = try String(contentsOf: url, encoding: .utf8)
        #expect(text == onDisk, "embedded \(file) differs from \(url.path); run Scripts/embed-data.sh")
    }
    // Whether or not the file is present, the embedded copy must decode.
    let data = DomainData.embedded
    #expect(data.regions.counties.count == 122)
    #expect(data.regions.prefectures.count == 14)
    #expect(!data.occupations.occupations.isEmpty)
    #expect(!data.studentTypes.labels.isEmpty)
}

@Test func domainData_loadWithoutDirectory_isEmbedded() throws {
    let data = try DomainData.load(directory: nil)
    #expect(data == DomainData.embedded)
    #expect(data.loadedFiles.isEmpty)
}

@Test func domainData_loadFromDirectory_replacesTablesWithoutCodeChange() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("domain-data-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let types = #"{"studentTypes": ["甲类", " 乙类\u3000"]}"#
    try Data(types.utf8).write(to: directory.appendingPathComponent(EmbeddedData.studentTypesFileName))

    let data = try DomainData.load(directory: directory)
    #expect(data.studentTypes.labels == ["甲类", "乙类"])
    #expect(data.loadedFiles.map(\.lastPathComponent) == [EmbeddedData.studentTypesFileName])
    #expect(data.regions == RegionCatalog.embedded)
    #expect(data.occupations == OccupationCatalog.embedded)
}

@Test func domainData_whenFileMalformed_throws() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("domain-data-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("{".utf8).write(to: directory.appendingPathComponent(EmbeddedData.regionsFileName))
    #expect(throws: (any Error).self) { try DomainData.load(directory: directory) }
}

@Test func domainData_loadFromSharedDirectory_whenPresent_equalsEmbedded() throws {
    guard FileManager.default.fileExists(atPath: sharedDataDirectory.path) else { return }
    let data = try DomainData.load(directory: sharedDataDirectory)
    #expect(data.loadedFiles.count == 3)
    #expect(data.regions == RegionCatalog.embedded)
    #expect(data.occupations == OccupationCatalog.embedded)
    #expect(data.studentTypes == StudentTypeCatalog.embedded)
    #expect(try RegionCatalog.load(contentsOf: sharedDataDirectory.appendingPathComponent("hunan-regions.json")).counties.count == 122)
}
