import Foundation
import JobQueue
import RedisClient
import TestSupport
import Testing

/// Issue #8 item 3 against the four real workers: an institution is certified by a reviewer's
/// decision and by nothing else (every message type, on every queue, claiming approval and state
/// fields); the audit trail is append-only under every message (the whole hostile corpus
/// included); identifiers with key-injection characters never make a key outside its namespace.
@Suite struct SecurityInvariantsTests {
    static let target = "inst-cs-furong-qihang"
    /// Fields a forged message might carry to claim a decision or a state.
    static let claims: [String: JSONValue] = [
        "state": "certified", "status": "approved", "decision": "approve", "certified": true, "certifiedRevision": 1,
        "approved": true, "outcome": "approved", "revision": 1, "version": 99, "reviewerId": "rv-forger", "reviewer": "rv-1",
        "actor": "reviewer:rv-1", "audit": ["action": "approved"], "current": ["state": "certified"],
    ]
    static let injections = ["inst-x:audit", "../audit", "*", "a\r\nDEL x", "\(target):audit:institution", "{p}", "inst x", String(repeating: "a", count: 65)]
    static let identifierFields = ["institutionId", "classId", "applicationId", "importId", "notificationId", "reviewerId", "departmentId"]

    /// Every example of every type made to concern the target, with the claims, on every queue;
    /// and each identifier field replaced by each injection, on its own queue.
    static func forgeries(_ ids: IdSource) throws -> [HostileEntry] {
        let generator = HostileMutations(ids: ids)
        var out: [HostileEntry] = []
        for (type, name, document) in try HostileCorpus.examples() {
            guard case .object(var envelope) = document, case .object(var payload) = envelope["payload"] ?? .null else { continue }
            if payload["institutionId"] != nil { payload["institutionId"] = .string(target) }
            var claimed = payload
            for (k, v) in claims where k != "decision" || type.hasSuffix(".decided") == false { claimed[k] = v }
            envelope["payload"] = .object(claimed)
            envelope["producer"] = "reviewer:rv-1"
            for queue in HostileCorpus.allQueues {
                out.append(generator.entry("\(type)/\(name) claiming approval → \(queue)", queue: queue, .object(envelope)))
            }
            for field in identifierFields where payload[field] != nil {
                for injection in injections {
                    var injected = payload
                    injected[field] = .string(injection)
                    envelope["payload"] = .object(injected)
                    out.append(generator.entry("\(type)/\(name) \(field)=\(injection.debugDescription)", queue: HostileCorpus.queues[type]!, .object(envelope)))
                }
            }
        }
        return out
    }

    /// Every audit stream's entries (id and fields), by key.
    static func auditTrails(_ rig: HostileRig) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for key in try keys(rig) where key.hasPrefix("\(rig.env.prefix):audit:") {
            out[key] = (try rig.c.send("XRANGE", key, "-", "+").array ?? []).map { entry in
                (entry.array ?? []).map { $0.string ?? ($0.array ?? []).compactMap(\.string).joined(separator: "\u{1}") }.joined(separator: "\u{2}")
            }
        }
        return out
    }

    static func keys(_ rig: HostileRig) throws -> [String] {
        var out: [String] = []
        var cursor = "0"
        repeat {
            let reply = try rig.c.send("SCAN", cursor, "COUNT", "1000").array ?? []
            cursor = reply.first?.string ?? "0"
            out += (reply.last?.array ?? []).compactMap(\.string)
        } while cursor != "0"
        return out
    }

    @Test func onlyAReviewersDecisionCertifies_auditTrailsOnlyGrow_keysStayInTheirNamespaces() throws {
        let rig = try HostileRig()
        defer { rig.stop() }
        try rig.prepareImportTarget()
        let p = rig.env.prefix
        #expect(try rig.env.runVtctl(["reviewer", "add", "rv-1", "--department", "430100"]).code == 0)
        #expect(try rig.env.runVtctl(["reviewer", "add", "rv-zhuzhou", "--department", "430200"]).code == 0)
        #expect(try rig.env.runVtctl(["reviewer", "add", "rv-province", "--department", "430000"]).code == 0)
        let example = try JSONValue.parse(Array(Data(contentsOf: SchemaExamples.root
            .appendingPathComponent("certification.submitted/valid/furong-company-with-logo.json"))))
        try rig.c.send(RedisCommand("XADD", rig.env.keys.queue("certification"), "*", "job", example.jsonString)).throwingServerError()
        #expect(try rig.env.producer.waitForResult(of: example["id"]!.stringValue!, timeoutMs: 20_000, on: rig.c)["outcome"] == "pending_review")
        let before = try Self.auditTrails(rig)
        #expect(before.keys.contains("\(p):audit:institution:\(Self.target)") && before.keys.contains("\(p):audit:class:cls-fz"))

        // Decisions by reviewers who may not decide: another city's, the province's (the submission
        // went to Changsha's department), one claiming Changsha's department, an unknown one.
        let ids = IdSource(tag: "s")
        var entries: [HostileEntry] = []
        for (reviewer, department) in [("rv-zhuzhou", "430200"), ("rv-province", "430000"), ("rv-zhuzhou", "430100"), ("rv-ghost", "430100")] {
            let decision = JobEnvelope(id: ids.next(), type: "certification.decided", createdAt: "2026-11-29T04:00:00Z", payload: [
                "institutionId": .string(Self.target), "revision": 1, "reviewerId": .string(reviewer), "departmentId": .string(department),
                "decision": "approve"])
            entries.append(HostileEntry(name: "decision by \(reviewer) for \(department)", queue: "certification",
                                        job: Array(decision.jsonString.utf8), jobId: decision.id))
        }
        try rig.send(entries)
        for entry in entries {
            #expect(try rig.env.producer.waitForResult(of: entry.jobId!, timeoutMs: 20_000, on: rig.c)["outcome"] == "forbidden", "\(entry.name)")
        }
        // Then every type forged to concern the target, and the whole hostile corpus.
        try rig.send(try Self.forgeries(ids) + HostileCorpus(ids: ids).shortPass())
        var endings: [String: HostileRig.Ending] = [:]
        #expect(eventually(timeout: HostileInputTests.endWithinSeconds + Double(rig.sent.count) / 100) {
            endings = try rig.endings()
            return rig.sent.allSatisfy { endings[$0.entryId] != nil }
        })

        // Not certified; no approval event, audit entry or certified data.
        let state = try rig.c.send("HGETALL", "\(p):institution:\(Self.target)").fieldMap
        #expect(state["state"] == "pending_review" && state["certifiedRevision"] == nil, "\(state)")
        // (A forged `notification.requested` with the `certification.approved` template is delivered
        // like any notification, as `notification.delivered`: a message, not a state. Only producers
        // with XADD on the queue can send one: the ACL users.)
        let events = (try rig.c.send("XRANGE", "\(p):events", "-", "+").array ?? []).compactMap { $0.array?.last?.fieldMap["event"] }
            .compactMap { try? JSONValue.parse($0) }
        #expect(!events.isEmpty && !events.contains { $0["type"] == "certification.approved" }, "an approval event was emitted")
        let after = try Self.auditTrails(rig)
        let targetTrail = after["\(p):audit:institution:\(Self.target)"] ?? []
        #expect(!targetTrail.contains { $0.contains("approved") }, "the target's audit trail holds an approval")

        // Audit trails only grow: every trail from before is a prefix of the same trail now.
        for (key, entries) in before {
            #expect(Array((after[key] ?? []).prefix(entries.count)) == entries, "\(key) was rewritten")
        }
        // Every key is in its namespace; audit keys end in a valid identifier.
        let identifier = /[A-Za-z0-9_-]{1,64}/
        for key in try Self.keys(rig) {
            #expect(key.hasPrefix("\(p):"), "key outside the prefix: \(key.debugDescription)")
            #expect(!key.contains("\r") && !key.contains("\n") && !key.contains("*") && !key.contains(".."), "injected key \(key.debugDescription)")
            if key.hasPrefix("\(p):audit:") {
                let parts = key.split(separator: ":", omittingEmptySubsequences: false)
                #expect(parts.count == 4 && ["institution", "qualification", "class"].contains(parts[2]) && parts[3].wholeMatch(of: identifier) != nil,
                        "audit key \(key.debugDescription)")
            }
        }

        // The positive control: the department's own reviewer certifies it (the current revision:
        // forged submissions for the target are submissions, and may have superseded revision 1).
        let revision = Int(state["revision"] ?? "") ?? 0
        let approve = JobEnvelope(id: "fz-approve", type: "certification.decided", createdAt: "2026-11-29T04:00:00Z", payload: [
            "institutionId": .string(Self.target), "revision": .number(Double(revision)), "reviewerId": "rv-1", "departmentId": "430100", "decision": "approve"])
        try rig.env.producer.enqueue(approve, queue: "certification", on: rig.c)
        #expect(try rig.env.producer.waitForResult(of: approve.id, timeoutMs: 20_000, on: rig.c)["outcome"] == "approved")
        #expect(try rig.c.send("HGET", "\(p):institution:\(Self.target)", "state").string == "certified")
    }

    /// The code side of "no message deletes or edits audit entries": every use of an audit key in
    /// Sources appends (`AuditEntry.appendCommand`: XADD `*`, no MAXLEN, directly or through
    /// `WorkflowEffects.tail(audit:…)` or `WorkflowEffects.audit(_:to:job:)`), reads (XRANGE), or is the expiry script's KEYS[5], which it
    /// only XADDs to. A new use fails this until reviewed.
    @Test func auditKeys_areOnlyAppendedToOrRead_inTheCode() throws {
        let sources = RedisACLTests.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        var uses: [String] = []
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains(".audit(") || line.contains("func audit(") {
                let allowed = line.contains("appendCommand(to:") || line.contains("\"XRANGE\"") || line.contains("func audit(")
                    || (line.contains(".tail(audit: ") && line.contains(", to: keys.audit("))
                    || (line.contains("workflow.audit(") && line.contains(", to: keys.audit("))
                    || (file.hasSuffix("ExpirySweeper.swift") && line.contains("evalCommand(Self.applyScript"))
                if !allowed { uses.append("\(file): \(line.trimmingCharacters(in: .whitespaces))") }
            }
            if file.hasSuffix("ExpirySweeper.swift") {
                let touches = text.split(separator: "\n").filter { $0.contains("KEYS[5]") }
                #expect(!touches.isEmpty && touches.allSatisfy { $0.contains("redis.call('XADD', KEYS[5], '*'") }, "\(touches)")
            }
            if file.hasSuffix("WorkflowEffects.swift") {
                #expect(text.contains("return entry.appendCommand(to: stream)"), "the effects tail appends audit entries through AuditEntry")
            }
            if file.hasSuffix("AuditEntry.swift") {
                #expect(text.contains("RedisCommand(\"XADD\", stream, \"*\")"), "audit entries are appended with XADD *, untrimmed")
            }
        }
        #expect(files.count > 50)
        #expect(uses.isEmpty, "audit keys used otherwise than appending or reading: \(uses)")
    }
}
