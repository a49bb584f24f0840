/// Where an institution stands in certification (机构信息认证).
public enum CertificationState: String, Sendable, Equatable, CaseIterable {
    /// Never submitted.
    case none
    /// A submission waits for its department (待审核); never certified before.
    case pendingReview = "pending_review"
    /// 已认证. May carry a pending change, which leaves it certified until decided.
    case certified
    /// The last submission was refused and nothing is certified or pending (未通过).
    case rejected

    /// The Chinese label institutions see.
    public var chineseName: String {
        switch self {
        case .none: return "未认证"
        case .pendingReview: return "待审核"
        case .certified: return "已认证"
        case .rejected: return "未通过"
        }
    }
}
