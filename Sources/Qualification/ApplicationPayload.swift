import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import TrainingDomain
import WorkflowKernel

/// A `qualification.applied` payload, validated against the catalog (not yet against the clock
/// or the state: those are the machine's).
public struct ApplicationRequest: Sendable, Equatable {
    public var applicationId: String
    public var institutionId: String
    public var departmentId: String
    public var items: [ApplicationItem]

    public init(applicationId: String, institutionId: String, departmentId: String, items: [ApplicationItem]) {
        self.applicationId = applicationId
        self.institutionId = institutionId
        self.departmentId = departmentId
        self.items = items
    }

    public var json: JSONValue {
        ["applicationId": .string(applicationId), "institutionId": .string(institutionId),
         "departmentId": .string(departmentId), "items": .array(items.map(\.json))]
    }
}

/// Decoding of `qualification.applied`.
public enum ApplicationPayload {
    public static let type = "qualification.applied"
    public static let maxItems = 200

    public static func decode(_ payload: JSONValue, catalog: OccupationCatalog = .embedded,
                              regions: RegionCatalog = .embedded) -> Result<ApplicationRequest, ValidationErrors> {
        guard case .object(let object) = payload else {
            return .failure(ValidationErrors([FieldError(field: "payload", code: "field.type",
                                                         message: "payload must be an object, got \(payload.typeName)")]))
        }
        var r = PayloadReader(object)
        let applicationId = r.identifier("applicationId")
        let institutionId = r.identifier("institutionId")
        let department = r.department("departmentId", regions: regions)
        var items: [ApplicationItem] = []
        var seen: Set<ItemKey> = []
        if let list = ItemList.read(&r, "items") {
            for (i, element) in list.enumerated() {
                guard var itemReader = ItemList.element(&r, "items", i, element) else { continue }
                let qualification = itemReader.occupation("occupation", level: "level", catalog: catalog)
                let validUntil = ItemList.date(&itemReader, "validUntil")
                if let (known, level) = qualification {
                    let occupation = known.code
                    if known.shortTerm, validUntil == nil, !itemReader.errors.contains(where: { $0.field.hasSuffix("validUntil") }) {
                        itemReader.fail("validUntil", "field.required", "\(occupation) is a short-term occupation: validUntil is required")
                    }
                    let key = ItemKey(occupation: occupation, level: level)
                    if !seen.insert(key).inserted { itemReader.fail("occupation", "item.duplicate", "\(key) is listed twice") }
                    if itemReader.errors.isEmpty { items.append(ApplicationItem(occupation: occupation, level: level, validUntil: validUntil)) }
                }
                for e in itemReader.errors { r.record(e) }
            }
        }
        guard r.errors.isEmpty, let applicationId, let institutionId, let department else { return .failure(ValidationErrors(r.errors)) }
        return .success(ApplicationRequest(applicationId: applicationId, institutionId: institutionId, departmentId: department.code, items: items))
    }
}

/// Helpers for the `items` arrays of both qualification messages: paths `payload.items[1].level`.
enum ItemList {
    /// The array (1…200 elements), or nil after recording `field.required` / `field.type` / `field.format`.
    static func read(_ r: inout PayloadReader, _ name: String, required: Bool = true) -> [JSONValue]? {
        r.list(name, required: required, maxCount: ApplicationPayload.maxItems)
    }

    /// A reader for element `i`, or nil after recording `field.type`.
    static func element(_ r: inout PayloadReader, _ name: String, _ i: Int, _ element: JSONValue) -> PayloadReader? {
        r.element(name, i, element)
    }

    /// An optional `YYYY-MM-DD` date (`field.format` when malformed or impossible).
    static func date(_ r: inout PayloadReader, _ name: String) -> LocalDate? {
        guard let text = r.string(name, required: false, maxLength: 10) else { return nil }
        guard let date = LocalDate(text), date.isValid, text.count == 10 else {
            r.fail(name, "field.format", "\(name) must be a date YYYY-MM-DD")
            return nil
        }
        return date
    }
}
