import Foundation
import JobQueue
import Subsidy

extension ChaosInvariants {
    /// Claims and their racing decisions: of two claims of one certificate exactly one is taken;
    /// of two decisions of one claim exactly one is applied; nobody is granted twice for the
    /// occupation and level; each person's year count equals their grants; the claims' granted
    /// amounts add up to the grants written; an approved claim grants exactly its eligible lines.
    var subsidyGrantedOnce: ChaosCheck {
        var check = ChaosCheck(name: "one claim per certificate, one decision per claim, nobody granted twice, totals = grants")
        let sk = SubsidyKeys(keys.queue)
        for (classId, jobs) in ledger.claims.sorted(by: { $0.key < $1.key }) {
            let outcomes = jobs.map { result($0)["outcome"] ?? "none" }.sorted()
            if outcomes != ["already_claimed", "pending_review"] { check.fail("\(classId): claims ended \(outcomes)") }
        }
        var claimed = 0, decided = 0
        for (claimId, jobs) in ledger.subsidyDecisions.sorted(by: { $0.key < $1.key }) {
            let outcomes = jobs.map { result($0)["outcome"] ?? "none" }
            let applied = outcomes.filter { ["approved", "partially_approved", "declined"].contains($0) }
            if applied.count != 1 || outcomes.filter({ $0 == "already_decided" }).count != 1 { check.fail("\(claimId): decisions ended \(outcomes)") }
            guard let claim = (try? SubsidyClaim(fields: snap.hashes[sk.claim(claimId)] ?? [:])) ?? nil else {
                check.fail("\(claimId): the claim does not read")
                continue
            }
            claimed += claim.grantedAmount
            decided += 1
            if claim.status.rawValue != applied.first { check.fail("\(claimId): stored \(claim.status.rawValue), applied \(applied)") }
            if claim.status == .approved, Set(claim.granted) != Set(claim.lines.filter(\.eligible).map(\.idNumber)) {
                check.fail("\(claimId): approved, granted \(claim.granted.count) of \(claim.lines.filter(\.eligible).count) eligible")
            }
        }
        var written = 0, people = 0
        for (key, fields) in snap.hashes where key.hasPrefix(sk.granted("")) {
            people += 1
            let person = PersonGrants(idNumber: String(key.dropFirst(sk.granted("").count)), key: key, fields: fields)
            let same = person.grants.filter { $0.occupation == "electrician" && $0.level == .junior }
            if same.count > 1 { check.fail("\(key): granted electrician/junior \(same.count) times") }
            for year in Set(person.grants.map(\.year)) where person.count(in: year) != person.grants.filter({ $0.year == year }).count {
                check.fail("\(key): year \(year) counts \(person.count(in: year)), grants \(person.grants.filter { $0.year == year }.count)")
            }
            written += person.grants.reduce(0) { $0 + $1.amount }
        }
        if written != claimed { check.fail("grants written \(written) yuan, the claims granted \(claimed) yuan") }
        check.figures = "\(ledger.claims.count) certificates claimed twice at once, \(decided) claims decided by two reviewers at once, "
            + "\(people) people granted \(written) yuan"
        return check
    }
}
