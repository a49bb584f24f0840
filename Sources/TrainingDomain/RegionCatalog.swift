import Foundation

/// Hunan's administrative divisions: the province, its 14 prefectures with their current
/// county-level codes, and withdrawn codes that still occur in ID numbers.
///
/// Loaded from `hunan-regions.json`; ``embedded`` holds the copy compiled into the module.
public struct RegionCatalog: Sendable, Hashable {
    /// Where the table comes from.
    public let source: String
    /// The province (`430000` 湖南省).
    public let province: Region
    /// The prefecture-level divisions, in table order.
    public let prefectures: [Prefecture]
    /// Withdrawn codes (a code may appear with several historical names).
    public let withdrawnCodes: [Region]

    private let currentNames: [String: String]
    private let countyCodes: Set<String>
    private let prefectureCodes: Set<String>
    private let withdrawnNames: [String: [String]]

    /// The catalog decoded from the embedded copy of `hunan-regions.json`.
    public static let embedded: RegionCatalog = {
        do {
            return try RegionCatalog(jsonData: Data(EmbeddedData.hunanRegionsJSON.utf8))
        } catch {
            preconditionFailure("embedded hunan-regions.json does not decode: \(error)")
        }
    }()

    /// Decodes the `hunan-regions.json` format and checks that every code has six digits.
    public init(jsonData: Data) throws {
        let table = try JSONDecoder().decode(Table.self, from: jsonData)
        let all = [table.province] + table.prefectures.map { Region(code: $0.code, name: $0.name) }
            + table.prefectures.flatMap(\.counties) + table.withdrawnCodes
        if let bad = all.first(where: { !Region.isSixDigitCode($0.code) }) {
            throw DomainDataError(table: EmbeddedData.regionsFileName, reason: "code \(bad.code) is not six digits")
        }
        source = table.source ?? ""
        province = table.province
        prefectures = table.prefectures
        withdrawnCodes = table.withdrawnCodes
        var names = [table.province.code: table.province.name]
        for prefecture in table.prefectures {
            names[prefecture.code] = prefecture.name
            for county in prefecture.counties { names[county.code] = county.name }
        }
        currentNames = names
        countyCodes = Set(table.prefectures.flatMap { $0.counties.map(\.code) })
        prefectureCodes = Set(table.prefectures.map(\.code))
        withdrawnNames = Dictionary(grouping: table.withdrawnCodes, by: \.code).mapValues { $0.map(\.name) }
    }

    /// Reads and decodes a `hunan-regions.json` file.
    public static func load(contentsOf url: URL) throws -> RegionCatalog {
        try RegionCatalog(jsonData: Data(contentsOf: url))
    }

    /// All current county-level divisions, in table order.
    public var counties: [Region] { prefectures.flatMap(\.counties) }

    /// The current name of `code` (province, prefecture or county), else the first
    /// historical name of a withdrawn code, else nil.
    public func name(of code: String) -> String? {
        currentNames[code] ?? withdrawnNames[code]?.first
    }

    /// Every historical name recorded for a withdrawn `code` (empty when none).
    public func withdrawnNames(of code: String) -> [String] {
        withdrawnNames[code] ?? []
    }

    /// True for a current county-level code (区/县/县级市), e.g. `430102`.
    public func isCountyLevel(_ code: String) -> Bool { countyCodes.contains(code) }

    /// True for a current prefecture code, e.g. `430100`.
    public func isPrefecture(_ code: String) -> Bool { prefectureCodes.contains(code) }

    /// True for a code that is only found among the withdrawn ones.
    public func isWithdrawn(_ code: String) -> Bool {
        currentNames[code] == nil && withdrawnNames[code] != nil
    }

    /// True for a code a department can have: the province, a prefecture or a current county.
    public func isDepartmentCode(_ code: String) -> Bool {
        code == province.code || prefectureCodes.contains(code) || countyCodes.contains(code)
    }

    /// The current prefecture whose code shares the first four digits of `code`.
    public func prefecture(containing code: String) -> Prefecture? {
        guard Region.isSixDigitCode(code) else { return nil }
        let prefix = code.prefix(4)
        return prefectures.first { $0.code.prefix(4) == prefix }
    }

    /// The JSON layout of `hunan-regions.json`.
    private struct Table: Decodable {
        let source: String?
        let province: Region
        let prefectures: [Prefecture]
        let withdrawnCodes: [Region]
    }
}
