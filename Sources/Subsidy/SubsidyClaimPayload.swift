import JobQueue
import TrainingDomain
import WorkflowKernel

/// A `subsidy.claimed` payload, validated (not yet against the state: that is the handler's).
public struct SubsidyClaimRequest: Sendable, Equatable {
    public var claimId: String
    public var institutionId: String
    public var classId: String
    public var certificateId: String
    /// The department that certified the institution.
    public var departmentId: String

    public init(claimId: String, institutionId: String, classId: String, certificateId: String, departmentId: String) {
        self.claimId = claimId
        self.institutionId = institutionId
        self.classId = classId
        self.certificateId = certificateId
        self.departmentId = departmentId
    }

    public var json: JSONValue {
        ["claimId": .string(claimId), "institutionId": .string(institutionId), "classId": .string(classId),
         "certificateId": .string(certificateId), "departmentId": .string(departmentId)]
    }
}

/// Decoding of `subsidy.claimed` (申领补贴).
public enum SubsidyClaimPayload {
    public static let type = "subsidy.claimed"

    public static func decode(_ payload: JSONValue, regions: RegionCatalog = .embedded) -> Result<SubsidyClaimRequest, ValidationErrors> {
        guard case .object(let object) = payload else {
            return .failure(ValidationErrors([FieldError(field: "payload", code: "field.type",
                                                         message: "payload must be an object, got \(payload.typeName)")]))
        }
        var r = PayloadReader(object)
        let claimId = r.identifier("claimId")
        let institutionId = r.identifier("institutionId")
        let classId = r.identifier("classId")
        let certificateId = r.identifier("certificateId")
        let department = r.department("departmentId", regions: regions)
        guard r.errors.isEmpty, let claimId, let institutionId, let classId, let certificateId, let department else {
            return .failure(ValidationErrors(r.errors))
        }
        return .success(SubsidyClaimRequest(claimId: claimId, institutionId: institutionId, classId: classId,
                                            certificateId: certificateId, departmentId: department.code))
    }
}
