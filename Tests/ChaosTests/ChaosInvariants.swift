import Certification
import CertificationQueries
import DepartmentReview
import Foundation
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import Training
import TrainingDomain
import WorkflowKernel

/// One invariant of a chaos run: its name, what broke it (empty = it holds) and the figures it
/// rests on, printed either way.
struct ChaosCheck: Sendable {
    let name: String
    var failures: [String] = []
    var figures: String = ""
    var holds: Bool { failures.isEmpty }
    mutating func fail(_ text: String) { failures.append(text) }
}

/// The promises of the system, checked against what the producer sent (the ledger) and what
/// Redis and the gateway hold at the end (the snapshot).
struct ChaosInvariants {
    let ledger: ChaosLedger
    let snap: ChaosSnapshot
    let keys: ImportKeys
    let gatewayCalls: [FlakyGateway.Call]

    /// Message types of the workflows' own queues; each applied one leaves one audit entry and one notification.
    static let domainTypes: Set<String> = [CertificationSubmissionPayload.type, CertificationDecisionPayload.type, ApplicationPayload.type,
                                           QualificationDecisionPayload.type, ClassPayload.createdType, ClassPayload.tasksPublishedType,
                                           ImportPayload.type, ScoresPayload.type]

    var all: [ChaosCheck] {
        [exactlyOneResult, noTransitionTwice, finalStates, onePerOccupationAndLevel, expiries, notifications, learningCountedOnce,
         certificatesOnce, subsidyGrantedOnce, deadLetters]
    }

    /// One open class per student, occupation and level: the pools imported at once by several
    /// institutions end with each student in exactly one of their classes; no
    /// student is on two rosters; the enrolment index holds exactly the students on the rosters.
    var onePerOccupationAndLevel: ChaosCheck {
        var check = ChaosCheck(name: "nobody in two classes of one occupation and level; the index is the rosters")
        var classesOf: [String: [String]] = [:]
        let classIds = ledger.imports.values.map(\.classId) + ledger.sharedImports.values.map(\.classId)
        for classId in classIds {
            for id in snap.hashes[keys.students(classId)]?.keys ?? [:].keys { classesOf[id, default: []].append(classId) }
        }
        for (id, classes) in classesOf where classes.count > 1 { check.fail("\(ResidentIDNumber.mask(id)) is on \(classes.sorted())") }
        var contested = 0
        for (pair, pool) in ledger.sharedPools.sorted(by: { $0.key < $1.key }) {
            let classes = ledger.sharedImports.values.filter { $0.pair == pair }.map(\.classId)
            let placed = pool.filter { classesOf[$0] != nil }
            if placed != pool { check.fail("pool \(pair): \(pool.count - placed.count) of \(pool.count) students on no roster") }
            if classes.count > 1 { contested += 1 }
        }
        let entries = classesOf.values.reduce(0) { $0 + $1.count }
        if let index = snap.enrollment {
            // A closed class (its e-certificate issued) released its students.
            let open = classesOf.filter { _, classes in classes.contains { snap.hashes[keys.classRecord($0)]?["state"] != "closed" } }
            let missing = open.keys.filter { !index.contains($0) }
            if !missing.isEmpty { check.fail("\(missing.count) roster students of open classes missing from the index") }
            if index.count != open.count { check.fail("the index holds \(index.count) students, the rosters of open classes \(open.count)") }
        } else {
            check.fail("the enrolment index was not read")
        }
        check.figures = "\(entries) roster entries in \(classIds.count) classes of electrician/junior, \(ledger.sharedPools.count) shared pools "
            + "(\(contested) imported by several institutions at once), index \(snap.enrollment?.count ?? 0) entries"
        return check
    }

    func result(_ id: String) -> [String: String] { snap.results[id] ?? [:] }

    /// Every job sent, and every notification job a workflow made, has a result; nothing was done twice.
    var exactlyOneResult: ChaosCheck {
        var check = ChaosCheck(name: "every job has exactly one result")
        var derived = 0
        for (id, type) in ledger.jobs.sorted(by: { $0.key < $1.key }) {
            let r = result(id)
            if r.isEmpty { check.fail("\(id) (\(type)): no result") }
            else if r["status"] == "dead" { check.fail("\(id) (\(type)): dead (\(r["outcome"] ?? ""))") }
            if r["status"] == "done" && Self.domainTypes.contains(type) {
                derived += 1
                if result(NotificationRequest.notificationId(forJob: id)).isEmpty { check.fail("\(id): its notification job has no result") }
            }
        }
        var perJobAndType: [String: Int] = [:]
        for e in snap.events {
            perJobAndType["\(e["jobId"]?.stringValue ?? "-") \(e["type"]?.stringValue ?? "-")", default: 0] += 1
        }
        for (k, n) in perJobAndType where n > 1 { check.fail("event \(k) emitted \(n) times") }
        check.figures = "\(ledger.jobs.count) jobs sent, \(derived) notification jobs made by workflows, \(snap.results.count) results, \(snap.events.count) events"
        return check
    }

    /// One audit entry per applied job, none for refused ones, no job audited twice for one
    /// action (a certificate request may write two: the class's closing and the certificate).
    var noTransitionTwice: ChaosCheck {
        var check = ChaosCheck(name: "no state transition applied twice")
        let counts = snap.auditCounts
        for (job, n) in counts where n > 1 && ledger.jobs[job] != CertificatePayload.type { check.fail("\(job): \(n) audit entries") }
        for (jobAction, n) in snap.auditActionCounts where n > 1 { check.fail("\(jobAction): \(n) audit entries") }
        var applied = 0
        for (id, type) in ledger.jobs where Self.domainTypes.contains(type) {
            let status = result(id)["status"], n = counts[id, default: 0]
            if status == "done" { applied += 1; if n != 1 { check.fail("\(id) applied (\(result(id)["outcome"] ?? "")) with \(n) audit entries") } }
            if status == "rejected" && n != 0 { check.fail("\(id) refused (\(result(id)["outcome"] ?? "")) yet audited \(n) times") }
        }
        check.figures = "\(applied) applied jobs, \(counts.values.reduce(0, +)) audit entries in \(snap.audits.count) trails"
        return check
    }

    /// Each institution, qualification, class and roster is what the winning decisions make it.
    var finalStates: ChaosCheck {
        var check = ChaosCheck(name: "final state = state from the accepted decisions")
        var certified = 0, rejected = 0, contested = 0, qualified = 0
        for (job, outcome) in ledger.mustRefuse where result(job)["outcome"] != outcome {
            check.fail("\(job): outcome \(result(job)["outcome"] ?? "none"), expected \(outcome)")
        }
        for inst in ledger.institutions {
            let cert = contest(ledger.certificationDecisions[inst], &check, inst)
            if (ledger.certificationDecisions[inst]?.count ?? 0) > 1 { contested += 1 }
            let state = snap.hashes[keys.institution(inst)]?["state"]
            let expected = cert == nil ? "pending_review" : (result(cert!)["outcome"] == "approved" ? "certified" : "rejected")
            if state != expected { check.fail("\(inst): state \(state ?? "none"), expected \(expected)") }
            if expected == "certified" { certified += 1 } else if expected == "rejected" { rejected += 1 }

            let qual = contest(ledger.qualificationDecisions[inst], &check, inst)
            let record = try? QualificationRecord(institutionId: inst, fields: snap.hashes[keys.qualificationState(inst)] ?? [:])
            let approved = qual.map { result($0)["outcome"] == "approved" } ?? false
            let items = Set(record?.items.keys.map(\.field) ?? [])
            let expectedItems: Set<String> = approved ? ["item:electrician:junior", "item:syb-entrepreneurship:none"] : []
            if items != expectedItems { check.fail("\(inst): items \(items.sorted()), expected \(expectedItems.sorted())") }
            guard approved else { continue }
            qualified += 1
            let imp = ledger.imports[inst]
            let classState = snap.hashes[keys.classRecord("class-\(inst.dropFirst(5))")]?["state"]
            let expectedState = ledger.certificates["class-\(inst.dropFirst(5))"] == nil ? "locked" : "closed"
            if classState != expectedState { check.fail("\(inst): class state \(classState ?? "none"), expected \(expectedState)") }
            guard let imp else { check.fail("\(inst): qualified but no import was sent"); continue }
            let roster = Set(snap.hashes[keys.students(imp.classId)]?.keys ?? [:].keys)
            if roster != imp.validIDs {
                check.fail("\(inst): roster has \(roster.count) students, expected the \(imp.validIDs.count) valid rows")
            }
            let report = snap.hashes[keys.report(imp.importId)] ?? [:]
            if report["acceptedRows"] != String(imp.validIDs.count) || report["invalidRows"] != String(imp.invalidRows) || report["status"] != "partially_imported" {
                check.fail("\(inst): import report \(report)")
            }
        }
        check.figures = "\(ledger.institutions.count) institutions: \(certified) certified, \(rejected) rejected (\(contested) contested pairs), "
            + "\(qualified) qualified with a locked class and roster; \(ledger.mustRefuse.count) refusals as expected"
        return check
    }

    /// Of competing decisions exactly one was applied, the others refused as `already_decided`; the winner.
    private func contest(_ jobs: [String]?, _ check: inout ChaosCheck, _ inst: String) -> String? {
        guard let jobs else { return nil }
        let winners = jobs.filter { ChaosLedger.appliedDecisions.contains(result($0)["outcome"] ?? "") }
        if winners.count != 1 { check.fail("\(inst): \(winners.count) of \(jobs) applied") }
        for j in jobs where !winners.contains(j) && result(j)["outcome"] != "already_decided" {
            check.fail("\(inst): losing decision \(j) ended \(result(j)["outcome"] ?? "none"), expected already_decided")
        }
        return winners.first
    }

    /// Only the malformed jobs are dead letters, and each of them is one.
    var deadLetters: ChaosCheck {
        var check = ChaosCheck(name: "dead letters only where the input was bad")
        let malformedIds = Set(ledger.malformed.values.flatMap { $0.compactMap { $0 } })
        var total = 0
        for (queue, sent) in ledger.malformed.sorted(by: { $0.key < $1.key }) {
            let letters = snap.dead[queue] ?? []
            total += letters.count
            let ids = letters.compactMap { $0["jobId"] }
            for id in ids where !malformedIds.contains(id) { check.fail("\(queue): \(id) dead (\(letters.first { $0["jobId"] == id }?["reason"] ?? "")) but its input was good") }
            for id in sent.compactMap({ $0 }) where !ids.contains(id) { check.fail("\(queue): malformed \(id) is not a dead letter") }
            let anonymous = letters.count - ids.count
            if anonymous < sent.filter({ $0 == nil }).count { check.fail("\(queue): \(anonymous) dead letters without a job id, sent \(sent.filter { $0 == nil }.count)") }
        }
        for (id, r) in snap.results where r["status"] == "dead" && !malformedIds.contains(id) { check.fail("result of \(id) is dead (\(r["outcome"] ?? ""))") }
        check.figures = "\(total) dead letters for \(ledger.malformed.values.map(\.count).reduce(0, +)) malformed jobs sent"
        return check
    }
}
