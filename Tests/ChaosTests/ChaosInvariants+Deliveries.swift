import CertificationQueries
import DepartmentReview
import Foundation
import JobQueue
import Qualification
import QualificationQueries
import TrainingDomain
import WorkflowKernel

extension ChaosInvariants {
    /// Each approved short-term item's expiry steps: every step due by the end is announced exactly
    /// once (event and notification), none twice, none that was never scheduled.
    var expiries: ChaosCheck {
        var check = ChaosCheck(name: "every expiry announced exactly once")
        var announced: [String: Int] = [:]
        for e in snap.events {
            guard let type = e["type"]?.stringValue, type.hasPrefix("qualification.expir"), let p = e["payload"] else { continue }
            let step = type == "qualification.expired" ? "expire" : "reminder-\(p["daysLeft"]?.intValue ?? 0)"
            announced["\(p["institutionId"]?.stringValue ?? "")|\(p["occupation"]?.stringValue ?? "")|\(step)", default: 0] += 1
        }
        var expected: [String: ClosedRange<Int>] = [:]
        var due = 0
        for inst in ledger.institutions {
            guard let record = try? QualificationRecord(institutionId: inst, fields: snap.hashes[keys.qualificationState(inst)] ?? [:]),
                  let item = record.items.values.first(where: { $0.validUntil != nil }), let until = item.validUntil else { continue }
            let expireMs = ExpiryStep.expiryMs(until), reminderMs = expireMs - ExpiryStep.dayMs
            let drained = snap.drainedAtQualificationMs
            expected["\(inst)|\(item.key.occupation)|expire"] = expireMs <= drained ? 1...1 : 0...1
            expected["\(inst)|\(item.key.occupation)|reminder-1"] = item.approvedAtMs >= reminderMs ? 0...0 : (reminderMs <= drained ? 1...1 : 0...1)
            due += (expireMs <= drained ? 1 : 0) + (item.approvedAtMs < reminderMs && reminderMs <= drained ? 1 : 0)
            let shouldBeExpired = expireMs <= drained
            if (item.status == .expired) != shouldBeExpired { check.fail("\(inst): item \(item.status.rawValue), expiry at \(expireMs), drained at \(drained)") }
        }
        for (step, range) in expected where !range.contains(announced[step, default: 0]) {
            check.fail("\(step): announced \(announced[step, default: 0]) times, expected \(range)")
        }
        for (step, n) in announced where expected[step] == nil { check.fail("\(step): announced \(n) times but never scheduled") }
        let reminders = announced.filter { $0.key.contains("reminder") }.values.reduce(0, +)
        let expired = announced.filter { $0.key.hasSuffix("expire") }.values.reduce(0, +)
        check.figures = "\(reminders) reminders and \(expired) expiries announced; \(due) steps were due"
        return check
    }

    /// Every notification job ends in exactly one inbox entry; every SMS or webhook call carries its
    /// notification's idempotency key, so a gateway sends each at most once; what a delivery record
    /// calls accepted the gateway did accept.
    var notifications: ChaosCheck {
        var check = ChaosCheck(name: "every notification in exactly one inbox entry, no SMS twice")
        var expected: Set<String> = []
        // A notification job's id is its notification id; follow-ups (`…:r<n>`) deliver the same notification.
        let malformed = Set(ledger.malformed.values.flatMap { $0.compactMap { $0 } })
        for (id, r) in snap.results where r["type"] == "notification.requested" && !malformed.contains(id)
            && id.range(of: #":r[0-9]+$"#, options: .regularExpression) == nil {
            expected.insert(id)
        }
        var inboxCount: [String: Int] = [:]
        var institutionOf: [String: String] = [:]
        for (inst, entries) in snap.inboxes {
            for e in entries {
                let nid = e["notificationId"] ?? "-"
                inboxCount[nid, default: 0] += 1
                institutionOf[nid] = inst
            }
        }
        for nid in expected where inboxCount[nid] != 1 { check.fail("\(nid): \(inboxCount[nid] ?? 0) inbox entries") }
        for nid in inboxCount.keys where !expected.contains(nid) { check.fail("inbox entry for \(nid), which no job asked for") }
        var accepted: Set<String> = []
        var acceptedCalls = 0
        for call in gatewayCalls {
            let suffix = ":\(call.channel)"
            guard call.idempotencyKey.hasSuffix(suffix) else { check.fail("\(call.channel) call with key \(call.idempotencyKey)"); continue }
            let nid = String(call.idempotencyKey.dropLast(suffix.count))
            guard expected.contains(nid) else { check.fail("\(call.channel) call for unknown notification \(nid)"); continue }
            if call.status == 200 { accepted.insert(call.idempotencyKey); acceptedCalls += 1 }
            if call.channel == "sms", let inst = institutionOf[nid], let n = Int(inst.dropFirst(5)), call.phone != ChaosPayloads.phone(n) {
                check.fail("SMS for \(nid) went to another phone")
            }
        }
        var settled: [String: Int] = [:]
        for (nid, record) in snap.deliveries where expected.contains(nid) {
            if record["inbox"] != "accepted" { check.fail("\(nid): inbox status \(record["inbox"] ?? "none")") }
            for channel in ["sms", "webhook"] {
                guard let status = record[channel] else { continue }
                settled["\(channel) \(status)", default: 0] += 1
                if status == "accepted" && !accepted.contains("\(nid):\(channel)") { check.fail("\(nid): \(channel) accepted but the gateway never answered 200") }
                if status == "waiting" { check.fail("\(nid): \(channel) still waiting after the drain") }
            }
        }
        for key in accepted {
            let channel = String(key.split(separator: ":").last ?? "")
            if snap.deliveries[String(key.dropLast(channel.count + 1))]?[channel] != "accepted" {
                check.fail("the gateway accepted \(key) but its delivery record does not say so")
            }
        }
        let late = gatewayCalls.filter(\.late).count, failed = gatewayCalls.filter { $0.status != 200 }.count
        check.figures = "\(expected.count) notifications, \(inboxCount.values.reduce(0, +)) inbox entries; gateway: \(gatewayCalls.count) calls, "
            + "\(failed) answered 500, \(late) answered after the timeout, \(acceptedCalls - accepted.count) resent with the same key; "
            + "channels \(settled.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))"
        return check
    }
}
