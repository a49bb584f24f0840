/// Checks student rows with the import rules of DOMAIN.md ("Import row validation rules"):
/// empty rows are skipped; then 身份证号, 性别, 手机号, 姓名 and 学员类型, each column
/// reporting at most its first failing code.
///
/// The reference date (today in China) is injected; the hot path works on UTF-8 bytes and
/// scalars, without regular expressions or NSString.
public struct StudentRowValidator: Sendable {
    /// The date ages and future birth dates are measured against.
    public var referenceDate: LocalDate
    /// Minimum age in completed years on ``referenceDate`` (default 16).
    public var minimumAge: Int
    /// The allowed 学员类型 labels.
    public var studentTypes: StudentTypeCatalog

    /// Creates a validator.
    public init(
        referenceDate: LocalDate,
        minimumAge: Int = ResidentIDNumber.defaultMinimumAge,
        studentTypes: StudentTypeCatalog = .embedded
    ) {
        self.referenceDate = referenceDate
        self.minimumAge = minimumAge
        self.studentTypes = studentTypes
    }

    /// Checks one row on its own (no duplicate detection). A valid row's check carries its
    /// ``StudentRowCheck/record`` (what the roster keeps), from which ``StudentRowCheck/student``
    /// is made when asked (`makingStudent` is kept for callers; the check is the same).
    public func check(_ row: StudentRow, makingStudent: Bool = true) -> StudentRowCheck {
        if row.isEmpty { return .empty(row: row.row) }
        var errors: [RowError] = []
        func fail(_ code: RowErrorCode) {
            errors.append(RowError(row: row.row, code: code, message: code.message(minimumAge: minimumAge)))
        }

        let idText = Normalizer.uppercasingASCII(row.idNumber)
        let idNumber: ResidentIDNumber?
        switch ResidentIDNumber.validateNormalized(idText, referenceDate: referenceDate, minimumAge: minimumAge) {
        case .success(let value): idNumber = value
        case .failure(let code): idNumber = nil; fail(code)
        }
        var gender: Gender?
        switch Gender.validateNormalized(row.gender, against: idNumber) {
        case .success(let value): gender = value
        case .failure(let code): fail(code)
        }
        var phone: MobilePhone?
        switch MobilePhone.validateNormalized(row.phone) {
        case .success(let value): phone = value
        case .failure(let code): fail(code)
        }
        var name: PersonName?
        switch PersonName.validateNormalized(row.name) {
        case .success(let value): name = value
        case .failure(let code): fail(code)
        }
        var studentType: String?
        if row.studentType.isEmpty {
            fail(.typeMissing)
        } else if let label = studentTypes.canonical(row.studentType) {
            studentType = label
        } else {
            fail(.typeUnknown)
        }

        var record: StudentRecord?
        if errors.isEmpty, let name, let gender, let idNumber, let phone, let studentType {
            record = StudentRecord(entry: idNumber.key, name: name.value, gender: gender, phone: phone.value, studentType: studentType)
        }
        return StudentRowCheck(row: row.row, isEmpty: false, errors: errors, idNumber: idNumber, record: record)
    }

    /// The errors of one row on its own (empty for a valid or an empty row).
    public func validate(_ row: StudentRow) -> [RowError] {
        check(row).errors
    }

    /// Checks every row of a file in order, adding `id.duplicate` for the second and later
    /// rows with the same valid ID and `id.enrolled` for IDs in `enrolled`.
    public func checkAll(_ rows: some Sequence<StudentRow>, enrolled: Set<String> = []) -> [StudentRowCheck] {
        var tracker = DuplicateTracker(enrolled: enrolled)
        var results: [StudentRowCheck] = []
        results.reserveCapacity(rows.underestimatedCount)
        for row in rows {
            var result = check(row)
            if let idNumber = result.idNumber, let error = tracker.record(key: idNumber.key, row: row.row) {
                result.addIDError(error)
            }
            results.append(result)
        }
        return results
    }
}
