import Foundation
import JobQueue
import Subsidy

extension ChaosProducer {
    /// Per class with a certificate, two claims of it at once under two claim ids: one must be
    /// `pending_review`, the other `already_claimed`.
    mutating func subsidyClaims(_ ids: [(n: Int, id: String)]) -> [(queue: String, envelope: JobEnvelope)] {
        var jobs: [(queue: String, envelope: JobEnvelope)] = []
        for (n, id) in ids {
            let results = ledger.results
            guard let certificate = ledger.certificates["class-\(n)"]?.compactMap({ results[$0]?["certificateId"] }).first else { continue }
            let pair = ["a", "b"].map { side in
                ChaosPayloads.envelope("clm-\(n)-\(side)", SubsidyClaimPayload.type, SubsidyClaimRequest(
                    claimId: "claim-\(n)-\(side)", institutionId: id, classId: "class-\(n)", certificateId: certificate,
                    departmentId: ChaosPayloads.department).json)
            }
            ledger.claims["class-\(n)"] = pair.map(\.id)
            jobs += pair.shuffled().map { ("subsidy", $0) }
        }
        return jobs
    }

    /// Per pending claim, two reviewers at once: an approval and (every other claim) a rejection,
    /// or a partial approval of its first student: exactly one is applied.
    mutating func subsidyDecisions(_ ids: [(n: Int, id: String)]) -> [(queue: String, envelope: JobEnvelope)] {
        var jobs: [(queue: String, envelope: JobEnvelope)] = []
        for (n, _) in ids {
            guard let claimJob = ledger.claims["class-\(n)"]?.first(where: { ledger.outcome($0) == "pending_review" }),
                  let claimId = ledger.results[claimJob]?["entity"] else { continue }
            let first = ledger.scores["class-\(n)"]?.keys.sorted().first ?? ""
            let other: SubsidyVerdict = n % 4 == 0 ? .reject(reason: "材料不全") : .partial(students: [SubsidyStudentDecision(idNumber: first, approve: true)], reason: nil)
            let pair = [("sdec-\(n)-a", "rev-a", SubsidyVerdict.approve), ("sdec-\(n)-b", "rev-b", other)].map { job, reviewer, verdict in
                ChaosPayloads.envelope(job, SubsidyDecisionPayload.type, SubsidyDecisionRequest(
                    claimId: claimId, revision: 1, reviewerId: reviewer, departmentId: ChaosPayloads.department, verdict: verdict).json)
            }
            ledger.subsidyDecisions[claimId] = pair.map(\.id)
            jobs += pair.shuffled().map { ("subsidy", $0) }
        }
        return jobs
    }
}
