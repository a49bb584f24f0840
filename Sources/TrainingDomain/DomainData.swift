import Foundation

/// The three replaceable data tables together: regions, occupations and student types.
public struct DomainData: Sendable, Hashable {
    /// Hunan divisions.
    public let regions: RegionCatalog
    /// Occupations and levels.
    public let occupations: OccupationCatalog
    /// 学员类型 labels.
    public let studentTypes: StudentTypeCatalog
    /// Files read from disk by ``load(directory:)`` (empty for the embedded tables); useful
    /// for a startup log line.
    public let loadedFiles: [URL]

    /// Creates a set of tables.
    public init(regions: RegionCatalog, occupations: OccupationCatalog, studentTypes: StudentTypeCatalog, loadedFiles: [URL] = []) {
        self.regions = regions
        self.occupations = occupations
        self.studentTypes = studentTypes
        self.loadedFiles = loadedFiles
    }

    /// The tables compiled into the module.
    public static let embedded = DomainData(
        regions: .embedded, occupations: .embedded, studentTypes: .embedded)

    /// Loads `hunan-regions.json`, `occupations.json` and `student-types.json` from
    /// `directory`. A file that is absent there falls back to its embedded copy; a file that
    /// is present but unreadable or malformed throws. With a nil directory, returns
    /// ``embedded``.
    public static func load(directory: URL?) throws -> DomainData {
        guard let directory else { return .embedded }
        var loaded: [URL] = []
        func file(_ name: String) -> URL? {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            loaded.append(url)
            return url
        }
        let regions = try file(EmbeddedData.regionsFileName).map(RegionCatalog.load(contentsOf:)) ?? .embedded
        let occupations = try file(EmbeddedData.occupationsFileName).map(OccupationCatalog.load(contentsOf:)) ?? .embedded
        let studentTypes = try file(EmbeddedData.studentTypesFileName).map(StudentTypeCatalog.load(contentsOf:)) ?? .embedded
        return DomainData(regions: regions, occupations: occupations, studentTypes: studentTypes, loadedFiles: loaded)
    }
}
