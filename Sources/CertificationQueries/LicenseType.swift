/// 工商登记执照种类: the kind of registration certificate an institution holds.
public enum LicenseType: String, Sendable, CaseIterable, Equatable {
    /// 营业执照
    case businessLicense = "business_license"
    /// 民办非企业单位登记证书
    case privateNonEnterprise = "private_non_enterprise"
    /// 事业单位法人证书
    case publicInstitution = "public_institution"
    /// 其他
    case other

    /// The Chinese name shown to institutions and reviewers.
    public var chineseName: String {
        switch self {
        case .businessLicense: return "营业执照"
        case .privateNonEnterprise: return "民办非企业单位登记证书"
        case .publicInstitution: return "事业单位法人证书"
        case .other: return "其他"
        }
    }
}
