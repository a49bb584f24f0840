import Certification
import JobQueue
import TrainingDomain

/// Valid test data: licence numbers with correct check characters, distinct phones, payloads.
enum Fixtures {
    /// A valid unified social credit code, distinct for each `n`.
    static func license(_ n: Int) -> String {
        let first17 = "91430100" + String(String(n).reversed()).padding(toLength: 9, withPad: "0", startingAt: 0)
        return first17 + String(CreditCode.checkCharacter(forFirst17: first17)!)
    }

    /// A valid mobile number, distinct for each `n` below 10⁸.
    static func phone(_ n: Int) -> String {
        let digits = String(n)
        return "139" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// A valid `certification.submitted` payload for institution `id`.
    static func submission(_ id: String, n: Int, department: String = "430100", region: String = "430102",
                           name: String = "长沙市芙蓉区某某职业培训学校") -> [String: JSONValue] {
        ["institutionId": .string(id), "name": .string(name), "principal": "张三", "contactPhone": .string(phone(n)),
         "licenseType": "private_non_enterprise", "licenseNumber": .string(license(n)), "schoolPermitNumber": "教民143010270000123号",
         "departmentId": .string(department), "regionCode": .string(region), "address": "长沙市芙蓉区五一大道1号",
         "logoUrl": "https://example.org/logo.png"]
    }

    static func profile(_ id: String, n: Int, department: String = "430100", region: String = "430102") -> InstitutionProfile {
        try! SubmissionPayload.decode(.object(submission(id, n: n, department: department, region: region))).get()
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
