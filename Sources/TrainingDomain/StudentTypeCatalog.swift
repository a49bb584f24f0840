import Foundation

/// The 学员类型 labels the import template accepts (exact match after normalisation), from
/// `student-types.json`; ``embedded`` holds the copy compiled into the module.
public struct StudentTypeCatalog: Sendable, Hashable {
    /// The labels, in template order.
    public let labels: [String]
    /// The labels' UTF-8 bytes, for ``contains(_:)``.
    private let labelBytes: [[UInt8]]

    /// The catalog decoded from the embedded copy of `student-types.json`.
    public static let embedded: StudentTypeCatalog = {
        do {
            return try StudentTypeCatalog(jsonData: Data(EmbeddedData.studentTypesJSON.utf8))
        } catch {
            preconditionFailure("embedded student-types.json does not decode: \(error)")
        }
    }()

    /// Creates a catalog from labels (normalised; empty labels are dropped).
    public init(labels: [String]) {
        let normalized = labels.map(Normalizer.normalize).filter { !$0.isEmpty }
        self.labels = normalized
        labelBytes = normalized.map { Array($0.utf8) }
    }

    /// Decodes the `student-types.json` format (`{"studentTypes": [...]}`); at least one
    /// label is required.
    public init(jsonData: Data) throws {
        let table = try JSONDecoder().decode(Table.self, from: jsonData)
        self.init(labels: table.studentTypes)
        guard !labels.isEmpty else {
            throw DomainDataError(table: EmbeddedData.studentTypesFileName, reason: "no student types")
        }
    }

    /// Reads and decodes a `student-types.json` file.
    public static func load(contentsOf url: URL) throws -> StudentTypeCatalog {
        try StudentTypeCatalog(jsonData: Data(contentsOf: url))
    }

    /// True when `label` (already normalised) is an allowed student type.
    /// Compares UTF-8 bytes (both sides are NFKC, so this is canonical equality) instead of
    /// hashing: cheaper for ten short labels, on every import row.
    public func contains(_ label: String) -> Bool { index(of: label) != nil }

    /// The catalog's own copy of `label` (already normalised), nil when it is not one: a valid
    /// row keeps this shared string rather than its cell's (100,000 rows, ten labels).
    public func canonical(_ label: String) -> String? { index(of: label).map { labels[$0] } }

    private func index(of label: String) -> Int? {
        label.utf8.withContiguousStorageIfAvailable(index(ofBytes:)) ?? labels.firstIndex { Normalizer.sameBytes($0, label) }
    }

    /// The index of the label whose UTF-8 bytes are `text` (normalised already).
    func index(ofBytes text: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = text.count
        return labelBytes.firstIndex { count > 0 && $0.count == count && $0.withUnsafeBufferPointer { memcmp($0.baseAddress!, text.baseAddress!, count) == 0 } }
    }

    /// The JSON layout of `student-types.json`.
    private struct Table: Decodable {
        let studentTypes: [String]
    }
}
