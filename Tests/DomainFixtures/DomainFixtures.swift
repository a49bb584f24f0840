import Certification
import CertificationQueries
import DepartmentReview
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import TrainingDomain
import WorkflowKernel

/// Valid data and the state other workflows start from (for tests and benchmarks): licence numbers,
/// phones and submissions; state written as the certification and qualification
/// workflows leave it: a certified institution, an approved qualification item.
public enum DomainFixtures {
    /// A valid unified social credit code, distinct for each `n`.
    public static func license(_ n: Int) -> String {
        let first17 = "91430100" + String(String(n).reversed()).padding(toLength: 9, withPad: "0", startingAt: 0)
        return first17 + String(CreditCode.checkCharacter(forFirst17: first17)!)
    }

    /// A valid mobile number, distinct for each `n` below 10⁸.
    public static func phone(_ n: Int) -> String {
        let digits = String(n)
        return "139" + String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// A valid `certification.submitted` payload for institution `id`.
    public static func submission(_ id: String, n: Int, department: String = "430100", region: String = "430102",
                                  name: String = "长沙市芙蓉区某某职业培训学校") -> [String: JSONValue] {
        ["institutionId": .string(id), "name": .string(name), "principal": "张三", "contactPhone": .string(phone(n)),
         "licenseType": "private_non_enterprise", "licenseNumber": .string(license(n)), "schoolPermitNumber": "教民143010270000123号",
         "departmentId": .string(department), "regionCode": .string(region), "address": "长沙市芙蓉区五一大道1号",
         "logoUrl": "https://example.org/logo.png"]
    }

    /// Writes the institution as certified by `department`.
    public static func certify(_ id: String, department: String = "430100", keys: CertificationKeys, on c: RedisConnection) throws {
        var record = InstitutionRecord(institutionId: id)
        record.version = 2
        record.revision = 1
        record.departmentId = department
        record.current = InstitutionProfile(institutionId: id, name: "机构\(id)", principal: "张三", contactPhone: "13900000000",
                                            licenseType: .businessLicense, licenseNumber: "91430100MA4L000000",
                                            departmentId: department, regionCode: "430102", address: "长沙市芙蓉区")
        record.certifiedRevision = 1
        let hset = RedisCommand.hset(keys.institution(id), record.fields)
        _ = try c.send(hset).throwingServerError()
    }

    /// An institution ready to run classes: certified, and qualified (active) for `items`
    /// (by default electrician, junior).
    public static func certifyAndQualify(_ id: String, items: [ApplicationItem] = [ApplicationItem(occupation: "electrician", level: .junior)],
                                         keys: QualificationKeys, on c: RedisConnection) throws {
        try certify(id, keys: CertificationKeys(keys.queue), on: c)
        try qualify(id, items: items, keys: keys, on: c)
    }

    /// Writes `items` as approved (status `status`) in the institution's qualification state,
    /// bumping its version.
    public static func qualify(_ id: String, items: [ApplicationItem], status: ApprovedItem.Status = .active,
                               keys: QualificationKeys, on c: RedisConnection) throws {
        var record = try QualificationInspector.record(institutionId: id, keys: keys, connection: c)
        record.version += 1
        for item in items {
            record.items[item.key] = ApprovedItem(key: item.key, validUntil: item.validUntil, status: status,
                                                  applicationId: "app-fixture", approvedAtMs: 1_000)
        }
        let hset = RedisCommand.hset(keys.state(id), record.fields)
        _ = try c.send(hset).throwingServerError()
    }
}
