import Certification
import JobQueue
import Qualification
import RedisClient
import TrainingDomain

/// State other workflows' tests start from, written as the certification and qualification
/// workflows leave it: a certified institution, an approved qualification item.
public enum DomainFixtures {
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
        var hset = RedisCommand("HSET", keys.institution(id))
        for (k, v) in record.fields { hset.append(k); hset.append(v) }
        _ = try c.send(hset).throwingServerError()
    }

    /// Writes `items` as approved (status `status`) in the institution's qualification state,
    /// bumping its version.
    public static func qualify(_ id: String, items: [ApplicationItem], status: ApprovedItem.Status = .active,
                               keys: QualificationKeys, on c: RedisConnection) throws {
        var record = try QualificationQuery.record(institutionId: id, keys: keys, connection: c)
        record.version += 1
        for item in items {
            record.items[item.key] = ApprovedItem(key: item.key, validUntil: item.validUntil, status: status,
                                                  applicationId: "app-fixture", approvedAtMs: 1_000)
        }
        var hset = RedisCommand("HSET", keys.state(id))
        for (k, v) in record.fields { hset.append(k); hset.append(v) }
        _ = try c.send(hset).throwingServerError()
    }
}
