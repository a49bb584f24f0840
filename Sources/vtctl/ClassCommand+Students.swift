import ClassQueries
import ImportWorkflow
import JobQueue
import TrainingDomain
import TrainingQueries

// The roster's commands: the student list (学员列表), adding and removing a student.
extension ClassCommand {
    /// `class students CLASS [--with-hours] [--with-scores]`: the roster in joining order, every
    /// field in full (the clerk is the institution's own staff), with 课时 and scores on request.
    struct Students: VtctlCommand {
        var classId: String
        var withHours: Bool
        var withScores: Bool

        static let words = ["class", "students"]
        static let usage = ["class students CLASS [--with-hours] [--with-scores]   the student list (学员列表) in joining order"]
        static let options = OptionNames(flags: ["with-hours", "with-scores"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            Students(classId: try args.positionals(["CLASS"])[0], withHours: args.flags.contains("with-hours"),
                     withScores: args.flags.contains("with-scores"))
        }

        func run(_ s: Session) throws -> ExitCode {
            guard let o = try ClassOverview.read(s, classId: classId) else { return .error }
            if s.json {
                s.outJSON(["classId": .string(classId), "requiredHours": .number(Double(o.record.requiredHours)),
                           "students": .array(o.roster.enumerated().map { json($0.offset + 1, $0.element, o) })])
                return .ok
            }
            s.out("class \(classId) \(o.record.name): \(o.roster.count) student\(o.roster.count == 1 ? "" : "s"), required hours \(o.record.requiredHours) 课时")
            guard !o.roster.isEmpty else { return .ok }
            var header = pad("序号", 6) + pad("姓名", 14) + pad("性别", 6) + pad("学员类型", 22) + pad("身份证号", 20) + pad("手机号", 13)
            if withHours { header += pad("课时", 8) }
            if withScores { header += pad("理论成绩", 10) + pad("实操成绩", 10) + "合格" }
            s.out(trimmingTrailingSpaces(header))
            for (i, entry) in o.roster.enumerated() {
                let r = entry.record
                var line = pad(String(i + 1), 6) + pad(r.name, 14) + pad(r.gender.chineseName, 6) + pad(r.studentType, 22) + pad(r.idNumber, 20)
                    + pad(r.phone, 13)
                if withHours { line += pad(ClassHours.text(seconds: o.seconds[r.idNumber] ?? 0), 8) }
                if withScores {
                    let scores = o.scores[r.idNumber]
                    line += pad(scores.map { ClassCommand.score($0.theory) } ?? "-", 10) + pad(scores.map { ClassCommand.score($0.practical) } ?? "-", 10)
                        + (scores.map { $0.passed ? "合格" : "不合格" } ?? "-")
                }
                s.out(trimmingTrailingSpaces(line))
            }
            return .ok
        }

        /// One student as `--json` prints them: hours and scores only when asked for (null scores: none recorded).
        func json(_ sequence: Int, _ entry: RosterEntry, _ o: ClassOverview) -> JSONValue {
            let r = entry.record
            var object: [String: JSONValue] = [
                "sequence": .number(Double(sequence)), "name": .string(r.name), "gender": .string(r.gender.chineseName),
                "studentType": .string(r.studentType), "idNumber": .string(r.idNumber), "phone": .string(r.phone),
                "addedAt": .string(entry.addedAt), "source": .string(entry.source),
            ]
            if withHours {
                let seconds = o.seconds[r.idNumber] ?? 0
                object["learningSeconds"] = .number(Double(seconds))
                object["hours"] = .number(ClassHours.value(seconds: seconds))
            }
            if withScores {
                let scores = o.scores[r.idNumber]
                object["theory"] = scores.map { .number($0.theory) } ?? .null
                object["practical"] = scores.map { .number($0.practical) } ?? .null
                object["passed"] = scores.map { .bool($0.passed) } ?? .null
            }
            return .object(object)
        }
    }

    /// `class add-student CLASS --name N --gender 男|女 --id ID --phone P --type T | --file FILE`:
    /// `student.added`, checked by the import's row rules before it is sent.
    struct AddStudent: VtctlCommand {
        var classId: String
        var institutionId: String?
        /// The `student` object: `{"name", "gender", "idNumber", "phone", "studentType"}`.
        var student: PayloadInput
        var timeoutSeconds: Int

        static let words = ["class", "add-student"]
        static let usage = [
            "class add-student CLASS --name N --gender 男|女 --id ID --phone P --type T [--institution I] [--timeout SECONDS]",
            "             (or --file FILE: a JSON object {name, gender, idNumber, phone, studentType})",
        ]
        /// Option → the student object's field.
        static let fields = [("name", "name"), ("gender", "gender"), ("id", "idNumber"), ("phone", "phone"), ("type", "studentType")]
        static let options = OptionNames(values: Set(fields.map(\.0) + ["institution", "file", "timeout"]))

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            let classId = try args.positionals(["CLASS"])[0]
            let student = try PayloadInput.parse(args, optionNames: fields.map(\.0)) { () throws(UsageError) -> JSONValue in
                var object: [String: JSONValue] = [:]
                for (option, field) in fields { object[field] = .string(try args.required(option)) }
                return .object(object)
            }
            return AddStudent(classId: classId, institutionId: args.values["institution"], student: student,
                              timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
        }

        func run(_ s: Session) throws -> ExitCode {
            try CheckedJob.submit(s, classId: classId, institutionId: institutionId, field: "student", input: student, type: StudentPayload.addedType,
                                  decode: { StudentPayload.decodeAdded($0) }, encode: \.json, kind: "student", timeoutSeconds: timeoutSeconds)
        }
    }

    /// `class remove-student CLASS --id ID`: `student.removed` (refused for a student with learning time).
    struct RemoveStudent: VtctlCommand {
        var classId: String
        var institutionId: String?
        var idNumber: String
        var timeoutSeconds: Int

        static let words = ["class", "remove-student"]
        static let usage = ["class remove-student CLASS --id ID [--institution I] [--timeout SECONDS]   only a student without learning time"]
        static let options = OptionNames(values: ["id", "institution", "timeout"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            RemoveStudent(classId: try args.positionals(["CLASS"])[0], institutionId: args.values["institution"], idNumber: try args.required("id"),
                          timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
        }

        func run(_ s: Session) throws -> ExitCode {
            try CheckedJob.submit(s, classId: classId, institutionId: institutionId, field: "idNumber", input: .options(.string(idNumber)),
                                  type: StudentPayload.removedType, decode: StudentPayload.decodeRemoved,
                                  encode: \.json, kind: "student", timeoutSeconds: timeoutSeconds)
        }
    }

    /// A stored score as the clerk reads it: `88.5`, `90`.
    static func score(_ value: Double) -> String {
        (try? Score.from(value).get())?.description ?? String(value)
    }
}
