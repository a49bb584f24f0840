import Foundation
import TrainingDomain

/// What the chaos producer sent and what it must lead to: every well-formed job by id, the
/// competing decisions, the jobs that must be refused, the malformed ones that must end as dead
/// letters, and each job's result as the producer read it.
struct ChaosLedger: Sendable {
    /// Job id → message type, for every well-formed job sent.
    var jobs: [String: String] = [:]
    /// Institution → its certification decision jobs (two when they compete).
    var certificationDecisions: [String: [String]] = [:]
    /// Institution → its qualification decision jobs (two when they compete).
    var qualificationDecisions: [String: [String]] = [:]
    /// Job id → the outcome it must be refused with.
    var mustRefuse: [String: String] = [:]
    /// Queue → malformed jobs sent there: their ids (nil when the bytes carry none).
    var malformed: [String: [String?]] = [:]
    /// Job id → result hash, as the producer read it when the step finished.
    var results: [String: [String: String]] = [:]
    /// Institution → the short-term item's validUntil it applied for.
    var validUntil: [String: LocalDate] = [:]
    /// Institution → the import's expected figures.
    var imports: [String: ExpectedImport] = [:]
    /// Pool `n % 3` → the students that the institutions sharing it import at once, each into a
    /// second class of its own (electrician, junior: every chaos class's occupation and level).
    var sharedPools: [Int: Set<String>] = [:]
    /// Institution → (pair, class) of its import of the pair's pool.
    var sharedImports: [String: (pair: Int, classId: String)] = [:]
    var institutions: [String] = []
    /// Class → record id → (student, seconds) of each distinct learning record sent.
    var learning: [String: [String: LearningSent]] = [:]
    /// Learning job id → its class and record id (copies under new job ids included).
    var learningJobs: [String: LearningSent] = [:]
    /// Class → student → passed, of the scores sent.
    var scores: [String: [String: Bool]] = [:]
    /// Training workers SIGKILLed by the producer right after a burst of learning records or
    /// certificate requests.
    var trainingKills = 0
    /// Class → the `certificate.requested` jobs sent for it (two at once).
    var certificates: [String: [String]] = [:]
    /// Class → the two `subsidy.claimed` jobs of its certificate, sent at once.
    var claims: [String: [String]] = [:]
    /// Claim → the two `subsidy.decided` jobs of its revision, sent at once.
    var subsidyDecisions: [String: [String]] = [:]

    struct LearningSent: Sendable {
        let classId: String
        let recordId: String
        let idNumber: String
        let seconds: Int
    }

    struct ExpectedImport: Sendable {
        let importId: String
        let classId: String
        let validIDs: Set<String>
        let invalidRows: Int
    }

    func outcome(_ jobId: String) -> String? { results[jobId]?["outcome"] }

    /// The decision job among `jobs` that was applied (`approved`, `declined`, `partially_approved`).
    static let appliedDecisions: Set<String> = ["approved", "declined", "partially_approved"]
    func winner(_ jobs: [String]?) -> String? { jobs?.first { Self.appliedDecisions.contains(outcome($0) ?? "") } }
}
