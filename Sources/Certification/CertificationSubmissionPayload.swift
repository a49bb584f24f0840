import CertificationQueries
import DepartmentReview
import JobQueue
import TrainingDomain
import WorkflowKernel

/// Decoding and validation of a `certification.submitted` payload: every field checked, every
/// problem reported at once with its JSON path and code.
public enum CertificationSubmissionPayload {
    /// The message type.
    public static let type = "certification.submitted"

    /// Limits on free-text fields, in characters.
    public static let maxNameLength = 100
    public static let maxPrincipalLength = 50
    public static let maxAddressLength = 200
    public static let maxPermitLength = 64
    public static let maxLogoUrlLength = 1_024


    /// The validated profile, or every field error in field order (codes `field.required`,
    /// `field.type`, `field.format`, `field.enum`, `phone.format`, `uscc.length`, `uscc.chars`,
    /// `uscc.checksum`, `region.unknown`, `region.not_governed`). Unknown fields are ignored, as
    /// the contract's schemas allow them.
    public static func decode(_ payload: JSONValue, regions: RegionCatalog = .embedded) -> Result<InstitutionProfile, ValidationErrors> {
        guard case .object(let object) = payload else {
            return .failure(ValidationErrors([FieldError(field: "payload", code: "field.type",
                                                         message: "payload must be an object, got \(payload.typeName)")]))
        }
        var r = PayloadReader(object)
        let institutionId = r.identifier("institutionId")
        let name = r.string("name", maxLength: maxNameLength)
        let principal = r.string("principal", maxLength: maxPrincipalLength)
        var phone: String?
        if let raw = r.string("contactPhone", maxLength: 32) {
            switch MobilePhone.validate(raw) {
            case .success(let p): phone = p.value
            case .failure: r.fail("contactPhone", "phone.format", "contactPhone must be a mainland mobile number (11 digits starting with 1)")
            }
        }
        let licenseType = r.oneOf("licenseType", LicenseType.allCases.map(\.rawValue)).flatMap(LicenseType.init(rawValue:))
        var licenseNumber: String?
        if let raw = r.string("licenseNumber", maxLength: 64) {
            switch CreditCode.validate(raw) {
            case .success(let code): licenseNumber = code.value
            case .failure(let error): r.fail("licenseNumber", error.rawValue, "licenseNumber is not a valid unified social credit code: \(error.englishMessage)")
            }
        }
        let permit = r.string("schoolPermitNumber", required: false, maxLength: maxPermitLength)
        let department = r.department("departmentId", regions: regions)
        var regionCode: String?
        if let code = r.string("regionCode", maxLength: 16) {
            if !Region.isSixDigitCode(code) || !regions.isCountyLevel(code) {
                r.fail("regionCode", "region.unknown", "regionCode \(code) is not a current county-level code in Hunan")
            } else if let department, !department.governs(regionCode: code) {
                r.fail("regionCode", "region.not_governed", "regionCode \(code) is not governed by department \(department.code)")
            } else {
                regionCode = code
            }
        }
        let address = r.string("address", maxLength: maxAddressLength)
        let logoUrl = r.string("logoUrl", required: false, maxLength: maxLogoUrlLength)
        if let logoUrl, !(logoUrl.hasPrefix("https://") || logoUrl.hasPrefix("http://")) || logoUrl.contains(" ") {
            r.fail("logoUrl", "field.format", "logoUrl must be an http(s) URL")
        }
        guard r.errors.isEmpty, let institutionId, let name, let principal, let phone, let licenseType, let licenseNumber,
              let department, let regionCode, let address else {
            return .failure(ValidationErrors(r.errors))
        }
        return .success(InstitutionProfile(institutionId: institutionId, name: name, principal: principal, contactPhone: phone,
                                           licenseType: licenseType, licenseNumber: licenseNumber, schoolPermitNumber: permit,
                                           departmentId: department.code, regionCode: regionCode, address: address, logoUrl: logoUrl))
    }
}

extension CreditCodeError {
    /// An English sentence for results and logs (the Chinese one is `message`).
    var englishMessage: String {
        switch self {
        case .length: return "it must be 18 characters"
        case .chars: return "only digits and upper-case letters other than I, O, S, V, Z are allowed"
        case .checksum: return "the check character (the last one) does not match"
        }
    }
}
