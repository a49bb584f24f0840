/// A student's gender as written in the 性别 column (男/女) and encoded in digit 17 of the
/// resident ID number (odd = male, even = female).
public enum Gender: String, Sendable, Hashable, Codable, CaseIterable {
    /// 男.
    case male
    /// 女.
    case female

    /// The Chinese label used in the template: 男 or 女.
    public var chineseName: String {
        switch self {
        case .male: return "男"
        case .female: return "女"
        }
    }

    /// Parses exactly 男 or 女 (after normalisation); nil otherwise.
    public init?(chinese text: String) {
        switch Normalizer.normalize(text) {
        case "男": self = .male
        case "女": self = .female
        default: return nil
        }
    }

    /// Checks a 性别 cell: `gender.missing`, `gender.invalid`, then `gender.mismatch`
    /// against `idNumber` when a valid ID is given.
    public static func validate(_ text: String, against idNumber: ResidentIDNumber? = nil) -> Result<Gender, RowErrorCode> {
        validateNormalized(Normalizer.normalize(text), against: idNumber)
    }

    /// ``validate(_:against:)`` for text that is already normalised.
    static func validateNormalized(_ text: String, against idNumber: ResidentIDNumber?) -> Result<Gender, RowErrorCode> {
        let gender: Gender
        if text.isEmpty { return .failure(.genderMissing) }
        // Byte comparison: the text is NFKC already, and String's == is costly on CJK.
        if Normalizer.sameBytes(text, "男") {
            gender = .male
        } else if Normalizer.sameBytes(text, "女") {
            gender = .female
        } else {
            return .failure(.genderInvalid)
        }
        if let idNumber, idNumber.gender != gender {
            return .failure(.genderMismatch)
        }
        return .success(gender)
    }
}
