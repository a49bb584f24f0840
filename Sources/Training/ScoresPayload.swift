import JobQueue
import TrainingDomain
import WorkflowKernel

/// One student's scores: 理论成绩 and 实操成绩.
public struct ScoreEntry: Sendable, Equatable {
    public var idNumber: String
    public var theory: Score
    public var practical: Score

    public init(idNumber: String, theory: Score, practical: Score) {
        self.idNumber = idNumber
        self.theory = theory
        self.practical = practical
    }

    /// 合格: both scores at least 60.
    public var passed: Bool { Score.passes(theory: theory, practical: practical) }

    public var json: JSONValue {
        ["idNumber": .string(idNumber), "theory": .number(theory.value), "practical": .number(practical.value)]
    }
}

/// A `scores.recorded` payload (录入成绩, one or more students by hand).
public struct ScoresRequest: Sendable, Equatable {
    public var classId: String
    public var institutionId: String
    public var scores: [ScoreEntry]

    public init(classId: String, institutionId: String, scores: [ScoreEntry]) {
        self.classId = classId
        self.institutionId = institutionId
        self.scores = scores
    }

    public var json: JSONValue {
        ["classId": .string(classId), "institutionId": .string(institutionId), "scores": .array(scores.map(\.json))]
    }
}

/// Decoding of `scores.recorded`. A score is a JSON number from 0 to 100 with at most two
/// decimals: absent `score.missing`, not a number (`"九十"`) or more decimals (`100.001`)
/// `score.format`, outside 0–100 `score.range`; an ID number twice is `id.duplicate`.
public enum ScoresPayload {
    public static let type = "scores.recorded"
    /// More students than this in one message go through `scores.imported`.
    public static let maximumEntries = 1_000

    public static func decode(_ payload: JSONValue) -> Result<ScoresRequest, ValidationErrors> {
        guard case .object(let object) = payload else { return .failure(TrainingPayload.notObject(payload)) }
        var r = PayloadReader(object)
        let classId = r.identifier("classId")
        let institutionId = r.identifier("institutionId")
        var errors: [FieldError] = []
        var entries: [ScoreEntry] = []
        switch object["scores"] {
        case .array(let items) where items.isEmpty:
            r.fail("scores", "field.format", "scores must list at least one student")
        case .array(let items) where items.count > maximumEntries:
            r.fail("scores", "field.format", "scores lists \(items.count) students; at most \(maximumEntries) in one message (send a file with scores.imported)")
        case .array(let items):
            var seen: Set<String> = []
            for (i, item) in items.enumerated() {
                let path = "payload.scores[\(i)]"
                guard case .object(let fields) = item else {
                    errors.append(FieldError(field: path, code: "field.type", message: "each score must be an object, got \(item.typeName)"))
                    continue
                }
                var e = PayloadReader(fields, path: path)
                var idNumber = TrainingPayload.idNumber(&e, "idNumber")
                if let id = idNumber, !seen.insert(id).inserted {
                    e.fail("idNumber", "id.duplicate", "\(ResidentIDNumber.mask(id)) is listed twice")
                    idNumber = nil
                }
                let theory = score(&e, "theory", fields["theory"])
                let practical = score(&e, "practical", fields["practical"])
                errors += e.errors
                if let idNumber, let theory, let practical { entries.append(ScoreEntry(idNumber: idNumber, theory: theory, practical: practical)) }
            }
        case nil, .null?:
            r.fail("scores", "field.required", "scores is required")
        case let other?:
            r.fail("scores", "field.type", "scores must be an array, got \(other.typeName)")
        }
        let all = r.errors + errors
        guard all.isEmpty, let classId, let institutionId else { return .failure(ValidationErrors(all)) }
        return .success(ScoresRequest(classId: classId, institutionId: institutionId, scores: entries))
    }

    /// A score field: a JSON number, 0–100, at most two decimals.
    static func score(_ r: inout PayloadReader, _ name: String, _ value: JSONValue?) -> Score? {
        let label = name == "theory" ? "理论成绩" : "实操成绩"
        guard let value, value != .null else {
            r.fail(name, Score.Problem.missing.rawValue, "\(name) (\(label)) is required: \(Score.Problem.missing.message)")
            return nil
        }
        guard case .number(let n) = value else {
            r.fail(name, Score.Problem.format.rawValue, "\(name) (\(label)) must be a number, got \(value.typeName): \(Score.Problem.format.message)")
            return nil
        }
        switch Score.from(n) {
        case .success(let score): return score
        case .failure(let problem):
            r.fail(name, problem.rawValue, "\(name) (\(label)) \(n) is refused: \(problem.message)")
            return nil
        }
    }
}
