import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import JobQueue
import QualificationQueries
import TrainingDomain
import WorkflowKernel

/// Valid test data: profiles, decisions, envelopes (licence numbers, phones and submissions come
/// from `DomainFixtures`).
enum Fixtures {
    static func profile(_ id: String, n: Int, department: String = "430100", region: String = "430102") -> InstitutionProfile {
        try! CertificationSubmissionPayload.decode(.object(DomainFixtures.submission(id, n: n, department: department, region: region))).get()
    }

    static func decision(_ id: String, revision: Int, reviewer: String = "rev-1", department: String = "430100",
                         decision: String = "approve", reason: String? = nil) -> [String: JSONValue] {
        var p: [String: JSONValue] = ["institutionId": .string(id), "revision": .number(Double(revision)),
                                      "reviewerId": .string(reviewer), "departmentId": .string(department), "decision": .string(decision)]
        if let reason { p["reason"] = .string(reason) }
        return p
    }

    static func envelope(_ jobId: String, type: String, payload: [String: JSONValue], traceId: String? = nil) -> JobEnvelope {
        JobEnvelope(id: jobId, type: type, createdAt: "2026-11-29T08:00:00Z", producer: "tests", traceId: traceId ?? "trace-\(jobId)",
                    payload: .object(payload))
    }
}
