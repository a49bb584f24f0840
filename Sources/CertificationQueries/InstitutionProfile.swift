import JobQueue
import TrainingDomain
import WorkflowKernel

/// The information an institution submits for certification (机构信息), validated and normalised:
/// what a `certification.submitted` payload carries, and what the institution hash stores as its
/// `pending` and `current` data.
public struct InstitutionProfile: Sendable, Equatable {
    public var institutionId: String
    /// 机构名称
    public var name: String
    /// 负责人
    public var principal: String
    /// 联系电话: 11 digits of a mainland mobile number.
    public var contactPhone: String
    /// 工商登记执照种类
    public var licenseType: LicenseType
    /// 证件编号: a unified social credit code, normalised (upper case).
    public var licenseNumber: String
    /// 办学许可证号, optional.
    public var schoolPermitNumber: String?
    /// 分管部门: the six-digit code of the department the submission is routed to.
    public var departmentId: String
    /// 所在地: six-digit county-level code in Hunan, governed by `departmentId`.
    public var regionCode: String
    /// 详细地址
    public var address: String
    /// 机构LOGO, optional.
    public var logoUrl: String?

    public init(institutionId: String, name: String, principal: String, contactPhone: String, licenseType: LicenseType,
                licenseNumber: String, schoolPermitNumber: String? = nil, departmentId: String, regionCode: String,
                address: String, logoUrl: String? = nil) {
        self.institutionId = institutionId
        self.name = name
        self.principal = principal
        self.contactPhone = contactPhone
        self.licenseType = licenseType
        self.licenseNumber = licenseNumber
        self.schoolPermitNumber = schoolPermitNumber
        self.departmentId = departmentId
        self.regionCode = regionCode
        self.address = address
        self.logoUrl = logoUrl
    }

    /// The profile as a payload object (the contract's field names); also how state stores it.
    public var json: JSONValue {
        var o: [String: JSONValue] = [
            "institutionId": .string(institutionId), "name": .string(name), "principal": .string(principal),
            "contactPhone": .string(contactPhone), "licenseType": .string(licenseType.rawValue),
            "licenseNumber": .string(licenseNumber), "departmentId": .string(departmentId),
            "regionCode": .string(regionCode), "address": .string(address),
        ]
        if let schoolPermitNumber { o["schoolPermitNumber"] = .string(schoolPermitNumber) }
        if let logoUrl { o["logoUrl"] = .string(logoUrl) }
        return .object(o)
    }

    /// Reads a profile as state stores it (written by `json`), without validating it again: the
    /// tables may have changed since it was accepted. Nil when a required field is missing.
    public init?(stored value: JSONValue) {
        func text(_ key: String) -> String? { value[key]?.stringValue }
        guard let id = text("institutionId"), let name = text("name"), let principal = text("principal"),
              let phone = text("contactPhone"), let type = text("licenseType").flatMap(LicenseType.init(rawValue:)),
              let license = text("licenseNumber"), let department = text("departmentId"), let region = text("regionCode"),
              let address = text("address") else { return nil }
        self.init(institutionId: id, name: name, principal: principal, contactPhone: phone, licenseType: type,
                  licenseNumber: license, schoolPermitNumber: text("schoolPermitNumber"), departmentId: department,
                  regionCode: region, address: address, logoUrl: text("logoUrl"))
    }

    /// The contact phone masked for logs and texts (`138****5678`).
    public var maskedPhone: String { MobilePhone.mask(contactPhone) }
}
