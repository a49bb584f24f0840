import CertificationQueries
import DepartmentReview
import JobQueue
import Qualification
import QualificationQueries
import Testing
import TrainingDomain
import WorkflowKernel

/// Issue 14, item 6: what a decision grants when an item's validity has passed by decision time,
/// and when an approved item is listed again without a date.
@Suite struct QualificationValidityTests {
    typealias Rules = QualificationRulesTests
    static let day: Int64 = 86_400_000

    /// Applies `items` on `Q.today`, then decides with `verdict` `days` later.
    func decide(_ m: inout QualificationMachine, app: String, _ items: [ApplicationItem], _ verdict: QualificationDecisionRequest.Verdict,
                daysLater: Int64 = 0) -> QualificationTransition? {
        _ = m.apply(Rules.request(app, items: items), institution: Rules.certified(), applicationHolder: nil, today: Q.today, nowMs: Rules.now)
        let revision = m.record.revision
        let d = m.decide(QualificationDecisionRequest(applicationId: app, revision: revision, reviewerId: "rev-1", departmentId: "430100", verdict: verdict),
                         reviewer: Rules.reviewer, nowMs: Rules.now + daysLater * Self.day)
        if case .applied(let t) = d { return t }
        Issue.record("refused: \(d)")
        return nil
    }

    @Test func approval_afterAnItemsValidUntilPassed_leavesItOut_andSaysSo() throws {
        var m = QualificationMachine(record: QualificationRecord(institutionId: "inst-1"))
        let t = try #require(decide(&m, app: "app-1", [Q.electrician, Q.syb(Q.date(5))], .approve, daysLater: 6))
        #expect(t.kind == .partiallyApproved, "one item granted, one lapsed")
        #expect(t.approvedItems.map(\.key) == [Q.electrician.key])
        #expect(m.record.items[Q.syb(Q.date(5)).key] == nil, "the lapsed item is not granted, so the sweep never has to expire it")
        let fields = Dictionary(uniqueKeysWithValues: try #require(t.grant).resultFields)
        #expect(fields["lapsedItems"]?.contains("syb-entrepreneurship") == true)
        #expect(t.message.contains("already past their validUntil"))
        #expect(t.notification.params["body"]?.contains("有效期在审核时已届满") == true)
        #expect(t.event.payload["lapsedItems"]?.arrayValue?.count == 1)
    }

    @Test func approval_onTheLastValidDay_stillGrantsTheItem() throws {
        var m = QualificationMachine(record: QualificationRecord(institutionId: "inst-1"))
        let t = try #require(decide(&m, app: "app-1", [Q.syb(Q.date(5))], .approve, daysLater: 5))
        #expect(t.kind == .approved && t.grant?.lapsed.isEmpty == true)
    }

    @Test func approval_whenEveryItemLapsed_declinesWithAReason() throws {
        var m = QualificationMachine(record: QualificationRecord(institutionId: "inst-1"))
        let t = try #require(decide(&m, app: "app-1", [Q.syb(Q.date(2))], .approve, daysLater: 3))
        #expect(t.kind == .declined(reason: "所批工种的有效期均已届满"))
        #expect(m.record.items.isEmpty && m.record.pending == nil)
    }

    @Test func relistingAnApprovedItemWithoutADate_keepsItsValidity() throws {
        var m = QualificationMachine(record: QualificationRecord(institutionId: "inst-1"))
        _ = try #require(decide(&m, app: "app-1", [Q.cuisine(Q.date(90)), Q.electrician], .approve))
        // hunan-cuisine is short-term: the payload needs a date, so re-list an open-ended one without it.
        _ = try #require(decide(&m, app: "app-2", [Q.cuisine(Q.date(90)), Q.electrician, Q.caregiver], .approve))
        #expect(m.record.items[Q.electrician.key]?.validUntil == nil, "open-ended stays open-ended")
        var dated = QualificationMachine(record: QualificationRecord(institutionId: "inst-1"))
        _ = try #require(decide(&dated, app: "app-1", [Q.syb(Q.date(60))], .approve))
        let relisted = try #require(decide(&dated, app: "app-2", [ApplicationItem(occupation: "syb-entrepreneurship", level: .none), Q.caregiver], .approve))
        #expect(dated.record.items[Q.syb(Q.date(60)).key]?.validUntil == Q.date(60), "an approved date is not dropped by a re-listing without one")
        #expect(relisted.grant?.changes.isEmpty == true)
    }

    @Test func relistingWithANewDate_changesTheValidity_andTheResultSaysWhich() throws {
        var m = QualificationMachine(record: QualificationRecord(institutionId: "inst-1"))
        _ = try #require(decide(&m, app: "app-1", [Q.syb(Q.date(60))], .approve))
        let t = try #require(decide(&m, app: "app-2", [Q.syb(Q.date(400))], .approve))
        #expect(m.record.items[Q.syb(Q.date(400)).key]?.validUntil == Q.date(400))
        let change = try #require(t.grant?.changes.first)
        #expect(change.from == Q.date(60) && change.to == Q.date(400))
        let fields = Dictionary(uniqueKeysWithValues: try #require(t.grant).resultFields)
        #expect(fields["validityChanged"] == #"[{"from":"2027-01-28","level":"none","occupation":"syb-entrepreneurship","to":"2028-01-03"}]"#)
        #expect(t.message.contains("validity changed: syb-entrepreneurship/none 2027-01-28 -> 2028-01-03"))
    }
}
