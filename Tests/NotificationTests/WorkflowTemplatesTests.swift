import Certification
import ClassQueries
import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import WorkflowKernel
@testable import Notification
import Qualification
import Testing
import Training
import TrainingDomain

/// What the workflows enqueue is what the notification worker renders: every qualification
/// notification request goes through its template without a missing or mistyped param.
@Suite struct WorkflowTemplatesTests {
    func render(_ request: NotificationRequest) throws {
        let template = try #require(TemplateCatalog.template(named: request.template), "no template \(request.template)")
        let params = request.params.filter { $0.key != "title" && $0.key != "body" }.mapValues(JSONValue.string)
        switch template.render(params) {
        case .success(let text): #expect(!text.body.isEmpty)
        case .failure(let problems): Issue.record("\(request.template): \(problems)")
        }
    }

    @Test func qualificationNotifications_renderWithTheirTemplates() throws {
        let texts = QualificationTexts()
        let a = ItemKey(occupation: "electrician", level: .intermediate)
        let b = ItemKey(occupation: "welder", level: .junior)
        let pending = PendingApplication(applicationId: "app-1", revision: 1, departmentId: "430100",
                                         items: [ApplicationItem(occupation: "electrician", level: .intermediate), ApplicationItem(occupation: "welder", level: .junior)],
                                         submittedAtMs: 0)
        let until = try #require(LocalDate("2027-01-31"))
        for request in [
            texts.submitted("inst-1", pending, superseded: nil),
            texts.approved("inst-1", pending),
            texts.partiallyApproved("inst-1", pending, approved: [a], rejected: [b], reason: "焊工缺少实训场地"),
            texts.partiallyApproved("inst-1", pending, approved: [a], rejected: [b], reason: nil),
            texts.rejected("inst-1", pending, reason: "材料不全"),
            texts.expiring("inst-1", a, validUntil: until, days: 7),
            texts.expired("inst-1", a, validUntil: until),
        ] {
            try render(request)
        }
    }

    @Test func trainingNotifications_renderWithTheirTemplates() throws {
        let record = ClassRecord(classId: "class-1", institutionId: "inst-1", name: "电工初级班", occupation: "electrician", level: .junior,
                                 trainingMode: .onlineOffline, location: "长沙", plannedSize: 30, state: .locked)
        let request = try ScoresPayload.decode(["classId": "class-1", "institutionId": "inst-1", "scores": [
            ["idNumber": "11010519491231002X", "theory": 80, "practical": 59.5]]]).get()
        guard case .recorded(let transition) = ScoreRules.record(request, record: record, onRoster: ["11010519491231002X"], nowMs: 0) else {
            Issue.record("scores refused"); return
        }
        try render(transition.notification)
    }
}
