import ClassQueries
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import TrainingDomain

/// `vtctl class …`: the clerk's and the operator's class commands. Creating and publishing here;
/// showing and listing; the roster's commands in ClassCommand+Students.swift. Every command that
/// sends a job checks it with the worker's own decoder first (`CheckedJob`), waits for its result
/// and prints it.
enum ClassCommand {
    static let commands: [any VtctlCommand.Type] = [Create.self, Show.self, List.self, Publish.self, Students.self, AddStudent.self,
                                                    RemoveStudent.self]

    /// `class create --class C --institution I --name N --occupation O --level L --planned-size N
    /// [--mode M] [--location L] | --file FILE`: `class.created`.
    struct Create: VtctlCommand {
        var input: PayloadInput
        var timeoutSeconds: Int

        static let words = ["class", "create"]
        static let usage = [
            "class create --class C --institution I --name N --occupation O --level L --planned-size N",
            "             [--mode online_offline|online|offline] [--location L] [--timeout SECONDS]   (or --file FILE: payload or envelope)",
        ]
        /// Option → the payload's field.
        static let fields = [("class", "classId"), ("institution", "institutionId"), ("name", "name"), ("occupation", "occupation"),
                             ("level", "level"), ("mode", "trainingMode"), ("location", "location"), ("planned-size", "plannedSize")]
        static let options = OptionNames(values: Set(fields.map(\.0) + ["file", "timeout"]))

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            let input = try PayloadInput.parse(args, optionNames: fields.map(\.0)) { () throws(UsageError) -> JSONValue in
                for name in ["class", "institution", "name", "occupation", "level", "planned-size"] { _ = try args.required(name) }
                if args.values["mode"] != TrainingMode.online.rawValue && args.values["location"] == nil {
                    throw UsageError("--location is required unless --mode online")
                }
                var payload: [String: JSONValue] = [:]
                for (option, field) in fields { if let v = args.values[option] { payload[field] = .string(v) } }
                payload["plannedSize"] = PayloadInput.number(try args.required("planned-size"))
                return .object(payload)
            }
            return Create(input: input, timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
        }

        func run(_ s: Session) throws -> ExitCode {
            switch input {
            case .file(let path):
                return try CheckedJob.enqueue(s, type: ClassPayload.createdType, file: path, kind: "class", wait: true, timeoutSeconds: timeoutSeconds)
            case .options(let payload):
                return try CheckedJob.submit(s, type: ClassPayload.createdType, payload: payload, decode: { ClassPayload.decodeCreate($0) },
                                             encode: \.json, kind: "class", timeoutSeconds: timeoutSeconds)
            }
        }
    }

    /// `class show CLASS`: state, institution, occupation and level, courses, required hours, counts.
    struct Show: VtctlCommand {
        var classId: String

        static let words = ["class", "show"]
        static let usage = ["class show CLASS                      state, courses, required hours, counts of students, learning time, scores"]

        static func parse(_ args: Arguments) throws(UsageError) -> Self { Show(classId: try args.positionals(["CLASS"])[0]) }

        func run(_ s: Session) throws -> ExitCode {
            guard let o = try ClassOverview.read(s, classId: classId) else { return .error }
            if s.json {
                s.outJSON(ClassCommand.json(o))
                return .ok
            }
            let r = o.record
            s.out("class \(r.classId) \(r.name): \(ClassCommand.stateText(r.state))")
            s.out("  institution     \(r.institutionId)")
            s.out("  occupation      \(ClassCommand.qualification(r))")
            s.out("  training mode   \(r.trainingMode.rawValue)\(r.location.map { " · \($0)" } ?? "")")
            s.out("  planned size    \(r.plannedSize)")
            s.out("  courses         \(r.courses.isEmpty ? "none published" : r.courses.map { "\($0.courseId) \($0.name) (\($0.hours)课时)" }.joined(separator: ", "))")
            s.out("  required hours  \(r.requiredHours) 课时")
            s.out("  students        \(o.counts.text)")
            if let closedAt = r.closedAt { s.out("  closed at       \(closedAt)") }
            if let certificateId = r.certificateId { s.out("  certificate     \(certificateId)") }
            return .ok
        }
    }

    /// `class list --institution I`: the institution's classes, one line each.
    struct List: VtctlCommand {
        var institutionId: String

        static let words = ["class", "list"]
        static let usage = ["class list --institution I            the institution's classes: state, required hours, counts"]
        static let options = OptionNames(values: ["institution"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            _ = try args.positionals([])
            return List(institutionId: try args.required("institution"))
        }

        func run(_ s: Session) throws -> ExitCode {
            let index = ClassQuery.institutionClasses(institutionId: institutionId, keys: s.keys.queue)
            let classes = try ClassOverview.read(s, classIds: try index.answer(try s.connection.send(index.command)))
            if s.json {
                s.outJSON(["institutionId": .string(institutionId), "classes": .array(classes.map(ClassCommand.json))])
                return .ok
            }
            guard !classes.isEmpty else {
                s.out("institution \(institutionId) has no class")
                return .ok
            }
            s.out(pad("CLASS", 16) + pad("STATE", 8) + pad("OCCUPATION", 24) + pad("HOURS", 7) + pad("STUDENTS", 10) + pad("LEARNING", 10)
                  + pad("SCORED", 8) + pad("PASSED", 8) + "NAME")
            for o in classes {
                let r = o.record, c = o.counts
                s.out(pad(r.classId, 16) + pad(r.state.rawValue, 8) + pad("\(r.occupation)/\(r.level.rawValue)", 24) + pad(String(r.requiredHours), 7)
                      + pad(String(c.students), 10) + pad(String(c.withLearningTime), 10) + pad(String(c.withScores), 8) + pad(String(c.passed), 8) + r.name)
            }
            return .ok
        }
    }

    /// `class publish CLASS [--course ID:NAME:HOURS]… | --file FILE`: `class.tasksPublished`.
    struct Publish: VtctlCommand {
        var classId: String
        var institutionId: String?
        /// The courses: a JSON array of `{"courseId", "name", "hours"}`.
        var courses: PayloadInput
        var timeoutSeconds: Int

        static let words = ["class", "publish"]
        static let usage = [
            "class publish CLASS [--course ID:NAME:HOURS]… [--institution I] [--timeout SECONDS]   course tasks (the first locks the roster)",
            "             (or --file FILE: a JSON array of {courseId, name, hours})",
        ]
        static let options = OptionNames(values: ["institution", "file", "timeout"], lists: ["course"])

        static func parse(_ args: Arguments) throws(UsageError) -> Self {
            let classId = try args.positionals(["CLASS"])[0]
            let courses = try PayloadInput.parse(args, optionNames: ["course"]) { () throws(UsageError) -> JSONValue in
                var list: [JSONValue] = []
                for text in args.lists["course"] ?? [] { list.append(try course(text)) }
                return .array(list)
            }
            return Publish(classId: classId, institutionId: args.values["institution"], courses: courses,
                           timeoutSeconds: try args.integer("timeout", minimum: 1) ?? Invocation.defaultTimeoutSeconds)
        }

        /// `ID:NAME:HOURS`: the id up to the first colon, the hours after the last (a name may hold colons).
        static func course(_ text: String) throws(UsageError) -> JSONValue {
            guard let first = text.firstIndex(of: ":"), let last = text.lastIndex(of: ":"), first < last else {
                throw UsageError("--course takes ID:NAME:HOURS (c-1:电工基础:16), got \(text)")
            }
            return ["courseId": .string(String(text[..<first])), "name": .string(String(text[text.index(after: first)..<last])),
                    "hours": PayloadInput.number(String(text[text.index(after: last)...]))]
        }

        func run(_ s: Session) throws -> ExitCode {
            try CheckedJob.submit(s, classId: classId, institutionId: institutionId, field: "courses", input: courses,
                                  type: ClassPayload.tasksPublishedType, decode: ClassPayload.decodeTasksPublished,
                                  encode: \.json, kind: "publish", timeoutSeconds: timeoutSeconds)
        }
    }

    /// `open (未结班: students may be added and removed)` and so on.
    static func stateText(_ state: ClassState) -> String {
        switch state {
        case .open: return "open (未结班: students may be added and removed)"
        case .locked: return "locked (课程任务已发布: the roster is locked)"
        case .closed: return "closed (已结班: hours and scores are frozen)"
        }
    }

    /// `electrician/junior · 电工（初级/五级）`.
    static func qualification(_ r: ClassRecord) -> String {
        "\(r.occupation)/\(r.level.rawValue) · \(QualificationTexts().itemName(ItemKey(occupation: r.occupation, level: r.level)))"
    }

    /// The class as `class show --json` and `class list --json` print it.
    static func json(_ o: ClassOverview) -> JSONValue {
        let r = o.record
        var object: [String: JSONValue] = [
            "classId": .string(r.classId), "institutionId": .string(r.institutionId), "name": .string(r.name), "occupation": .string(r.occupation),
            "level": .string(r.level.rawValue), "trainingMode": .string(r.trainingMode.rawValue), "plannedSize": .number(Double(r.plannedSize)),
            "state": .string(r.state.rawValue), "version": .number(Double(r.version)), "requiredHours": .number(Double(r.requiredHours)),
            "courses": ClassRecord.coursesValue(r.courses),
            "counts": o.counts.json,
        ]
        if let location = r.location { object["location"] = .string(location) }
        if let closedAt = r.closedAt { object["closedAt"] = .string(closedAt) }
        if let certificateId = r.certificateId { object["certificateId"] = .string(certificateId) }
        return .object(object)
    }
}
