import JobQueue
import TrainingDomain

/// Reads the fields of a payload object, collecting every problem as a `FieldError` with the
/// field's JSON path (`payload.licenseNumber`), so one result names all of them at once.
public struct PayloadReader {
    public let object: [String: JSONValue]
    /// Every problem found so far.
    public private(set) var errors: [FieldError] = []
    private let path: String

    /// - Parameter path: the path prefix of the fields (`payload`).
    public init(_ object: [String: JSONValue], path: String = "payload") {
        self.object = object
        self.path = path
    }

    /// The JSON path of a field.
    public func path(_ name: String) -> String { "\(path).\(name)" }

    /// Records a problem.
    public mutating func fail(_ name: String, _ code: String, _ message: String) {
        errors.append(FieldError(field: path(name), code: code, message: message))
    }

    /// A string normalised (NFKC, trimmed). Absent, null or empty: `field.required` when required,
    /// else nil. Longer than `maxLength` characters: `field.format`.
    public mutating func string(_ name: String, required: Bool = true, maxLength: Int) -> String? {
        guard let value = object[name], value != .null else {
            if required { fail(name, "field.required", "\(name) is required") }
            return nil
        }
        guard case .string(let raw) = value else {
            fail(name, "field.type", "\(name) must be a string, got \(value.typeName)")
            return nil
        }
        let text = Normalizer.normalize(raw)
        if text.isEmpty {
            if required { fail(name, "field.required", "\(name) must not be empty") }
            return nil
        }
        if text.count > maxLength {
            fail(name, "field.format", "\(name) is longer than \(maxLength) characters")
            return nil
        }
        return text
    }

    /// An identifier: 1–64 of `[A-Za-z0-9_-]` (`field.format` otherwise).
    public mutating func identifier(_ name: String) -> String? {
        guard let text = string(name, maxLength: 64) else { return nil }
        guard Self.isIdentifier(text) else {
            fail(name, "field.format", "\(name) must be 1-64 characters of A-Z a-z 0-9 _ -")
            return nil
        }
        return text
    }

    /// An integer of at least `minimum` (`field.type`; `field.format` when below).
    public mutating func integer(_ name: String, minimum: Int) -> Int? {
        guard let value = object[name], value != .null else {
            fail(name, "field.required", "\(name) is required")
            return nil
        }
        guard let n = value.intValue else {
            fail(name, "field.type", "\(name) must be an integer, got \(value.typeName)")
            return nil
        }
        guard n >= minimum else {
            fail(name, "field.format", "\(name) must be at least \(minimum)")
            return nil
        }
        return n
    }

    /// One of `allowed` (`field.enum` otherwise).
    public mutating func oneOf(_ name: String, _ allowed: [String]) -> String? {
        guard let text = string(name, maxLength: 64) else { return nil }
        guard allowed.contains(text) else {
            fail(name, "field.enum", "\(name) must be one of \(allowed.joined(separator: ", "))")
            return nil
        }
        return text
    }

    /// A department (分管部门) code known to `regions`: `430000`, a prefecture or a county
    /// (`region.unknown` otherwise, as for any code that names no Hunan region).
    public mutating func department(_ name: String, regions: RegionCatalog) -> DepartmentID? {
        guard let text = string(name, maxLength: 16) else { return nil }
        guard let department = DepartmentID(text, catalog: regions) else {
            fail(name, "region.unknown", "\(name) \(text) is not a Hunan department code (430000, a prefecture or a county)")
            return nil
        }
        return department
    }

    /// True for 1–64 characters of `[A-Za-z0-9_-]` (the contract's identifier rule).
    /// An occupation code (`^[A-Za-z0-9_-]{1,64}$`, else `field.format`) and a level, checked
    /// against the catalog: an unknown code or a level it is not offered at is `field.enum`.
    /// Returns the catalog's occupation when both read (nil otherwise, with the problem recorded).
    public mutating func occupation(_ name: String, level levelName: String, catalog: OccupationCatalog) -> (Occupation, SkillLevel)? {
        var code = string(name, maxLength: 64)
        if let c = code, !Self.isIdentifier(c) {
            fail(name, "field.format", "\(name) must be an occupation code from the catalog (letters, digits, - and _), got \(c)")
            code = nil
        }
        let level = oneOf(levelName, SkillLevel.allCases.map(\.rawValue)).flatMap(SkillLevel.init(rawValue:))
        guard let code, let level else { return nil }
        guard let known = catalog.occupation(code: code) else {
            fail(name, "field.enum", "\(code) is not in the occupation catalog")
            return nil
        }
        guard known.offers(level) else {
            fail(levelName, "field.enum", "\(code) is offered at \(known.levels.map(\.rawValue).joined(separator: ", ")), not \(level.rawValue)")
            return nil
        }
        return (known, level)
    }

    public static func isIdentifier(_ text: String) -> Bool {
        let bytes = text.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 45
        }
    }
}
