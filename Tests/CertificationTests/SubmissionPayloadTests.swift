import Certification
import CertificationQueries
import DepartmentReview
import DomainFixtures
import JobQueue
import QualificationQueries
import Testing
import WorkflowKernel

@Suite struct SubmissionPayloadTests {
    func errors(_ payload: [String: JSONValue]) -> [String: String] {
        switch CertificationSubmissionPayload.decode(.object(payload)) {
        case .success: return [:]
        case .failure(let e): return Dictionary(e.errors.map { ($0.field, $0.code) }, uniquingKeysWith: { a, _ in a })
        }
    }

    @Test func validPayload_decodes_andIsNormalised() throws {
        var p = DomainFixtures.submission("inst-1", n: 1)
        p["contactPhone"] = "+86 １３９００００００01"
        p["licenseNumber"] = .string(" " + DomainFixtures.license(1).lowercased() + " ")
        p["name"] = "　某某学校　"
        let profile = try CertificationSubmissionPayload.decode(.object(p)).get()
        #expect(profile.contactPhone == "13900000001")
        #expect(profile.licenseNumber == DomainFixtures.license(1))
        #expect(profile.name == "某某学校")
        #expect(profile.licenseType == .privateNonEnterprise)
        #expect(profile.maskedPhone == "139****0001")
        #expect(InstitutionProfile(stored: profile.json) == profile)
    }

    @Test func emptyPayload_reportsEveryRequiredFieldAtOnce() {
        let e = errors([:])
        #expect(e.count == 9)
        for field in ["institutionId", "name", "principal", "contactPhone", "licenseType", "licenseNumber", "departmentId", "regionCode", "address"] {
            #expect(e["payload.\(field)"] == "field.required", "\(field)")
        }
    }

    @Test func wrongTypes_areFieldTypeErrors() {
        var p = DomainFixtures.submission("inst-1", n: 1)
        p["name"] = 5
        p["address"] = ["x"]
        let e = errors(p)
        #expect(e == ["payload.name": "field.type", "payload.address": "field.type"])
    }

    @Test func licenceWithWrongCheckCharacter_isUsccChecksum() {
        var p = DomainFixtures.submission("inst-1", n: 1)
        let good = DomainFixtures.license(1)
        p["licenseNumber"] = .string(String(good.dropLast()) + (good.last == "0" ? "1" : "0"))
        #expect(errors(p) == ["payload.licenseNumber": "uscc.checksum"])
        p["licenseNumber"] = "91430100"
        #expect(errors(p) == ["payload.licenseNumber": "uscc.length"])
    }

    @Test func phoneNotMobile_isPhoneFormat() {
        var p = DomainFixtures.submission("inst-1", n: 1)
        p["contactPhone"] = "0731-88888888"
        #expect(errors(p) == ["payload.contactPhone": "phone.format"])
    }

    @Test func regionOutsideHunan_isRegionUnknown_andOutsideTheDepartment_isNotGoverned() {
        var p = DomainFixtures.submission("inst-1", n: 1)
        p["regionCode"] = "110101"
        #expect(errors(p) == ["payload.regionCode": "region.unknown"])
        p["regionCode"] = "430100"
        #expect(errors(p) == ["payload.regionCode": "region.unknown"], "a prefecture is not county-level")
        p["regionCode"] = "430202"
        #expect(errors(p) == ["payload.regionCode": "region.not_governed"])
    }

    @Test func provincialDepartment_governsEveryHunanCounty() throws {
        let p = DomainFixtures.submission("inst-1", n: 1, department: "430000", region: "431102")
        #expect(errors(p).isEmpty)
    }

    @Test func departmentThatIsNoHunanCode_isRegionUnknown() {
        var p = DomainFixtures.submission("inst-1", n: 1)
        p["departmentId"] = "439900"
        #expect(errors(p) == ["payload.departmentId": "region.unknown"])
        p["departmentId"] = "110000"
        #expect(errors(p) == ["payload.departmentId": "region.unknown"])
    }

    @Test func badEnum_badId_badLogo_andTooLongName_areAllReportedInFieldOrder() {
        var p = DomainFixtures.submission("inst-1", n: 1)
        p["licenseType"] = "charter"
        p["institutionId"] = "inst 1"
        p["logoUrl"] = "ftp://x"
        p["name"] = .string(String(repeating: "校", count: 101))
        guard case .failure(let e) = CertificationSubmissionPayload.decode(.object(p)) else { Issue.record("accepted"); return }
        #expect(e.errors.map(\.field) == ["payload.institutionId", "payload.name", "payload.licenseType", "payload.logoUrl"])
        #expect(e.errors.map(\.code) == ["field.format", "field.format", "field.enum", "field.format"])
    }

    @Test func unknownFields_areIgnored() {
        var p = DomainFixtures.submission("inst-1", n: 1)
        p["clientVersion"] = "2.3.1"
        #expect(errors(p).isEmpty)
    }

    @Test func optionalFields_mayBeAbsentOrNull() throws {
        var p = DomainFixtures.submission("inst-1", n: 1)
        p["schoolPermitNumber"] = nil
        p["logoUrl"] = .null
        let profile = try CertificationSubmissionPayload.decode(.object(p)).get()
        #expect(profile.schoolPermitNumber == nil)
        #expect(profile.logoUrl == nil)
    }
}

@Suite struct DecisionPayloadTests {
    func errors(_ payload: [String: JSONValue]) -> [String: String] {
        switch CertificationDecisionPayload.decode(.object(payload)) {
        case .success: return [:]
        case .failure(let e): return Dictionary(e.errors.map { ($0.field, $0.code) }, uniquingKeysWith: { a, _ in a })
        }
    }

    @Test func approve_decodes() throws {
        let r = try CertificationDecisionPayload.decode(.object(Fixtures.decision("inst-1", revision: 2))).get()
        #expect(r == CertificationDecisionRequest(institutionId: "inst-1", revision: 2, reviewerId: "rev-1", departmentId: "430100", verdict: .approve))
    }

    @Test func reject_withoutReason_isFieldRequired() {
        #expect(errors(Fixtures.decision("inst-1", revision: 1, decision: "reject")) == ["payload.reason": "field.required"])
        #expect(errors(Fixtures.decision("inst-1", revision: 1, decision: "reject", reason: "  ")) == ["payload.reason": "field.required"])
    }

    @Test func badRevisionAndDecision_areReported() {
        var p = Fixtures.decision("inst-1", revision: 0, decision: "maybe")
        #expect(errors(p) == ["payload.revision": "field.format", "payload.decision": "field.enum"])
        p["revision"] = "1"
        p["decision"] = "approve"
        #expect(errors(p) == ["payload.revision": "field.type"])
        p["revision"] = 1.5
        #expect(errors(p) == ["payload.revision": "field.type"])
    }
}
