/// A vocational skill level as used in qualification items, with `none` for items that
/// have no level (创业培训, 专项职业能力).
public enum SkillLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// 初级 / 五级.
    case junior
    /// 中级 / 四级.
    case intermediate
    /// 高级 / 三级.
    case senior
    /// 技师 / 二级.
    case technician
    /// 高级技师 / 一级.
    case seniorTechnician = "senior_technician"
    /// 不分等级: no level.
    case none

    /// Traditional Chinese name: 初级, 中级, 高级, 技师, 高级技师, 不分等级.
    public var chineseName: String {
        switch self {
        case .junior: return "初级"
        case .intermediate: return "中级"
        case .senior: return "高级"
        case .technician: return "技师"
        case .seniorTechnician: return "高级技师"
        case .none: return "不分等级"
        }
    }

    /// Grade name: 五级 … 一级, or `-` for ``none``.
    public var grade: String {
        switch self {
        case .junior: return "五级"
        case .intermediate: return "四级"
        case .senior: return "三级"
        case .technician: return "二级"
        case .seniorTechnician: return "一级"
        case .none: return "-"
        }
    }

    /// Display label such as `初级（五级）`, or `不分等级`.
    public var displayName: String {
        self == .none ? chineseName : "\(chineseName)（\(grade)）"
    }
}
