import Foundation

/// The occupation catalog and level names from `occupations.json`; ``embedded`` holds the
/// copy compiled into the module.
public struct OccupationCatalog: Sendable, Hashable {
    /// One row of the catalog's `levels` table.
    public struct LevelName: Sendable, Hashable, Codable {
        /// The level.
        public let code: SkillLevel
        /// Its name in the catalog, e.g. 初级.
        public let name: String
        /// Its grade in the catalog, e.g. 五级.
        public let grade: String
    }

    /// The level names as listed in the data.
    public let levels: [LevelName]
    /// The occupations, in catalog order.
    public let occupations: [Occupation]

    private let byCode: [String: Int]

    /// The catalog decoded from the embedded copy of `occupations.json`.
    public static let embedded: OccupationCatalog = {
        do {
            return try OccupationCatalog(jsonData: Data(EmbeddedData.occupationsJSON.utf8))
        } catch {
            preconditionFailure("embedded occupations.json does not decode: \(error)")
        }
    }()

    /// Decodes the `occupations.json` format; occupation codes must be unique and every
    /// occupation must offer at least one level.
    public init(jsonData: Data) throws {
        let table = try JSONDecoder().decode(Table.self, from: jsonData)
        var index: [String: Int] = [:]
        for (position, occupation) in table.occupations.enumerated() {
            guard index.updateValue(position, forKey: occupation.code) == nil else {
                throw DomainDataError(table: EmbeddedData.occupationsFileName, reason: "duplicate occupation \(occupation.code)")
            }
            guard !occupation.levels.isEmpty else {
                throw DomainDataError(table: EmbeddedData.occupationsFileName, reason: "\(occupation.code) offers no level")
            }
        }
        levels = table.levels ?? []
        occupations = table.occupations
        byCode = index
    }

    /// Reads and decodes an `occupations.json` file.
    public static func load(contentsOf url: URL) throws -> OccupationCatalog {
        try OccupationCatalog(jsonData: Data(contentsOf: url))
    }

    /// The occupation with `code`, or nil.
    public func occupation(code: String) -> Occupation? {
        byCode[code].map { occupations[$0] }
    }

    /// True when occupation `code` exists and offers `level`.
    public func offers(occupation code: String, level: SkillLevel) -> Bool {
        occupation(code: code)?.offers(level) ?? false
    }

    /// Category names in order of first appearance.
    public var categories: [String] {
        var seen = Set<String>()
        return occupations.map(\.category).filter { seen.insert($0).inserted }
    }

    /// The occupations of `category`, in catalog order.
    public func occupations(inCategory category: String) -> [Occupation] {
        occupations.filter { $0.category == category }
    }

    /// The level's name from the data, falling back to ``SkillLevel/chineseName``.
    public func name(of level: SkillLevel) -> String {
        levels.first { $0.code == level }?.name ?? level.chineseName
    }

    /// The JSON layout of `occupations.json`.
    private struct Table: Decodable {
        let levels: [LevelName]?
        let occupations: [Occupation]
    }
}
