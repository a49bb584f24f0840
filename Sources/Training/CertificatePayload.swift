import JobQueue
import WorkflowKernel

/// A `certificate.requested` payload (下载电子凭证): the class and the institution asking.
public struct CertificateRequest: Sendable, Equatable {
    public var classId: String
    public var institutionId: String

    public init(classId: String, institutionId: String) {
        self.classId = classId
        self.institutionId = institutionId
    }

    public var json: JSONValue { ["classId": .string(classId), "institutionId": .string(institutionId)] }
}

/// Decoding of `certificate.requested`.
public enum CertificatePayload {
    public static let type = "certificate.requested"

    public static func decode(_ payload: JSONValue) -> Result<CertificateRequest, ValidationErrors> {
        guard case .object(let object) = payload else { return .failure(TrainingPayload.notObject(payload)) }
        var r = PayloadReader(object)
        let classId = r.identifier("classId")
        let institutionId = r.identifier("institutionId")
        guard r.errors.isEmpty, let classId, let institutionId else { return .failure(ValidationErrors(r.errors)) }
        return .success(CertificateRequest(classId: classId, institutionId: institutionId))
    }
}
