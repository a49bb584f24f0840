/// What the roster keeps of a student who passed every row check: the canonical values as
/// validated (the name with its dots folded to `·`, the phone without a country prefix, the
/// ID number upper-cased). Built for every valid row of an import and for `student.added`.
public struct StudentRecord: Sendable, Hashable {
    /// 身份证号, 18 characters (made from ``entry`` when asked, unless the text is not an ID number).
    public var idNumber: String { idText ?? DuplicateTracker.idNumber(key: entry) }
    /// 姓名.
    public let name: String
    /// 性别 (agrees with the ID number).
    public let gender: Gender
    /// 手机号, 11 digits.
    public let phone: String
    /// 学员类型, one of the catalog labels.
    public let studentType: String
    /// The ID number as one word (``DuplicateTracker/key(_:)``): the duplicate check's key and
    /// the enrolment index's entry, and what a record keeps of a valid ID number (an import's
    /// 100,000 records make no string of their numbers); 0 for text that is not an ID number.
    public let entry: UInt64
    /// The ID number's text when it is not one (a roster value changed by hand), else nil.
    @usableFromInline let idText: String?

    /// Creates a record of values that are already valid.
    public init(idNumber: String, name: String, gender: Gender, phone: String, studentType: String) {
        let entry = DuplicateTracker.key(idNumber)
        self.init(entry: entry ?? 0, idText: entry == nil ? idNumber : nil, name: name, gender: gender, phone: phone,
                  studentType: studentType)
    }

    /// A record of a valid ID number's ``DuplicateTracker/key(_:)``.
    init(entry: UInt64, name: String, gender: Gender, phone: String, studentType: String) {
        self.init(entry: entry, idText: nil, name: name, gender: gender, phone: phone, studentType: studentType)
    }

    private init(entry: UInt64, idText: String?, name: String, gender: Gender, phone: String, studentType: String) {
        self.entry = entry
        self.idText = idText
        self.name = name
        self.gender = gender
        self.phone = phone
        self.studentType = studentType
    }

    /// The ID number's UTF-8 length: 18 for a valid one.
    @inlinable
    public var idNumberCount: Int { idText?.utf8.count ?? 18 }

    /// Writes the ID number's ``idNumberCount`` UTF-8 bytes at `at`, without making its string
    /// (the staged roster's fields).
    @inlinable
    public func writeIDNumber(at: UnsafeMutablePointer<UInt8>) {
        guard var idText else { return DuplicateTracker.writeIDNumber(key: entry, at: at) }
        idText.withUTF8 { bytes in
            if let base = bytes.baseAddress { at.update(from: base, count: bytes.count) }
        }
    }
}
