import JobQueue
import TrainingDomain
import WorkflowKernel

/// A `student.added` payload (添加学员): the class and the student's cells as the import
/// template has them. Decoding checks the cells with the import's row rules that need no date;
/// the handler, which knows today's date, adds `id.future` and `id.age`.
public struct StudentAddRequest: Sendable, Equatable {
    public var classId: String
    public var institutionId: String
    /// The student's cells, normalised; `row` is 0 (not from a file).
    public var student: StudentRow

    public init(classId: String, institutionId: String, student: StudentRow) {
        self.classId = classId
        self.institutionId = institutionId
        self.student = student
    }

    public var json: JSONValue {
        ["classId": .string(classId), "institutionId": .string(institutionId),
         "student": ["name": .string(student.name), "gender": .string(student.gender), "idNumber": .string(student.idNumber),
                     "phone": .string(student.phone), "studentType": .string(student.studentType)]]
    }
}

/// A `student.removed` payload (删除学员).
public struct StudentRemoveRequest: Sendable, Equatable {
    public var classId: String
    public var institutionId: String
    /// Normalised and upper-cased; checked as an ID number by the decoder.
    public var idNumber: String

    public init(classId: String, institutionId: String, idNumber: String) {
        self.classId = classId
        self.institutionId = institutionId
        self.idNumber = idNumber
    }

    public var json: JSONValue { ["classId": .string(classId), "institutionId": .string(institutionId), "idNumber": .string(idNumber)] }
}

/// Decoding of the two student messages; every problem is a `FieldError` with its JSON path.
public enum StudentPayload {
    public static let addedType = "student.added"
    public static let removedType = "student.removed"
    /// The `student` object's fields, as the import template's columns.
    public static let studentFields: [(String, StudentColumn)] = [
        ("name", .name), ("gender", .gender), ("idNumber", .idNumber), ("phone", .phone), ("studentType", .studentType),
    ]
    /// Longest cell text read (a name is at most 30 characters; the rest are shorter).
    static let maxCellLength = 200

    public static func decodeAdded(_ payload: JSONValue, studentTypes: StudentTypeCatalog = .embedded) -> Result<StudentAddRequest, ValidationErrors> {
        guard case .object(let object) = payload else { return .failure(notObject(payload)) }
        var r = PayloadReader(object)
        let classId = r.identifier("classId")
        let institutionId = r.identifier("institutionId")
        var cells: [StudentColumn: String] = [:]
        switch object["student"] {
        case .object(let student)?:
            for (name, column) in studentFields {
                switch student[name] {
                case nil, .null?: cells[column] = ""
                case .string(let text)? where text.count <= maxCellLength: cells[column] = text
                case .string?: r.fail("student.\(name)", "field.format", "student.\(name) is longer than \(maxCellLength) characters")
                case let value?: r.fail("student.\(name)", "field.type", "student.\(name) must be a string, got \(value.typeName)")
                }
            }
        case nil, .null?: r.fail("student", "field.required", "student is required")
        case let value?: r.fail("student", "field.type", "student must be an object, got \(value.typeName)")
        }
        guard r.errors.isEmpty, let classId, let institutionId else { return .failure(ValidationErrors(r.errors)) }
        let row = StudentRow(row: 0, name: cells[.name] ?? "", gender: cells[.gender] ?? "", idNumber: cells[.idNumber] ?? "",
                             phone: cells[.phone] ?? "", studentType: cells[.studentType] ?? "")
        // The row rules but the date's (a birth date far from any today, no minimum age).
        let undated = StudentRowValidator(referenceDate: LocalDate(year: 9999, month: 12, day: 31), minimumAge: 0, studentTypes: studentTypes)
        let errors = undated.check(row, makingStudent: false).errors
        guard errors.isEmpty else { return .failure(fieldErrors(errors)) }
        return .success(StudentAddRequest(classId: classId, institutionId: institutionId, student: row))
    }

    public static func decodeRemoved(_ payload: JSONValue) -> Result<StudentRemoveRequest, ValidationErrors> {
        guard case .object(let object) = payload else { return .failure(notObject(payload)) }
        var r = PayloadReader(object)
        let classId = r.identifier("classId")
        let institutionId = r.identifier("institutionId")
        var idNumber: String?
        switch object["idNumber"] {
        case .string(let text)?:
            // The ID number's own rules, without the age ones (a student who is already enrolled).
            switch ResidentIDNumber.validateFormat(text) {
            case .success(let id): idNumber = id.value
            case .failure(let code): r.fail("idNumber", code.rawValue, code.message)
            }
        case nil, .null?: r.fail("idNumber", "field.required", "idNumber is required")
        case let value?: r.fail("idNumber", "field.type", "idNumber must be a string, got \(value.typeName)")
        }
        guard r.errors.isEmpty, let classId, let institutionId, let idNumber else { return .failure(ValidationErrors(r.errors)) }
        return .success(StudentRemoveRequest(classId: classId, institutionId: institutionId, idNumber: idNumber))
    }

    /// The row rules' errors of a `student.added` as field errors: `payload.student.idNumber`
    /// and so on, with the row codes and their Chinese messages.
    public static func fieldErrors(_ errors: [RowError]) -> ValidationErrors {
        ValidationErrors(errors.map { error in
            let name = studentFields.first { $0.1 == error.column }?.0 ?? "student"
            return FieldError(field: "payload.student.\(name)", code: error.code.rawValue, message: error.message)
        })
    }

    private static func notObject(_ payload: JSONValue) -> ValidationErrors {
        ValidationErrors([FieldError(field: "payload", code: "field.type", message: "payload must be an object, got \(payload.typeName)")])
    }
}
