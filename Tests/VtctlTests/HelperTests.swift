import Certification
import CertificationQueries
import DepartmentReview
import JobQueue
import QualificationQueries
import Testing
import WorkflowKernel
@testable import vtctl

@Suite struct VtctlHelperTests {
    @Test func exitCodes_followTheResultStatus() {
        #expect(ExitCode.forStatus("done") == .ok)
        #expect(ExitCode.forStatus("rejected").rawValue == 3)
        #expect(ExitCode.forStatus("dead").rawValue == 4)
        #expect(ExitCode.forStatus(nil).rawValue == 5)
    }

    @Test func durations_areShortAndHuman() {
        #expect(formatDuration(ms: 12_400) == "12s")
        #expect(formatDuration(ms: 310_000) == "5m 10s")
        #expect(formatDuration(ms: 3_600_000 * 5 + 60_000 * 3) == "5h 3m")
        #expect(formatDuration(ms: 86_400_000 * 3 + 3_600_000 * 4) == "3d 4h")
    }

    @Test func decisionEnvelope_isAValidCertificationDecidedJob() throws {
        let o = DecideOptions(institutionId: "inst-1", revision: 2, reviewerId: "zhang", departmentId: "430100", decision: "reject",
                              reason: "材料不全", timeoutSeconds: 30)
        let e = ReviewCommand.envelope(o, jobId: "vtctl-decide-1", nowMs: 0, producer: "vtctl:test")
        let decoded = try JobEnvelope.decode(Array(e.jsonString.utf8))
        #expect(decoded.type == "certification.decided")
        let request = try CertificationDecisionPayload.decode(decoded.payload).get()
        #expect(request.verdict == .reject(reason: "材料不全"))
        #expect(request.revision == 2)
    }

    @Test func submitFile_mayHoldAPayloadOrAWholeEnvelope() throws {
        func job(_ bytes: [UInt8], newJobId: String) throws -> (jobId: String, job: [UInt8]) {
            try JobFile.job(fromFile: bytes, newJobId: newJobId, nowMs: 0, producer: "p", type: "certification.submitted")
        }
        let payload = Array(#"{"institutionId":"inst-1","name":"x"}"#.utf8)
        let wrapped = try job(payload, newJobId: "vtctl-submit-1")
        #expect(wrapped.jobId == "vtctl-submit-1")
        let envelope = try JobEnvelope.decode(wrapped.job)
        #expect(envelope.type == "certification.submitted")
        #expect(envelope.payload["institutionId"] == "inst-1")

        let full = Array(#"{"id":"platform-77","type":"certification.submitted","version":1,"createdAt":"2026-11-29T08:00:00Z","payload":{}}"#.utf8)
        let asIs = try job(full, newJobId: "unused")
        #expect(asIs.jobId == "platform-77")
        #expect(asIs.job == full)

        #expect(throws: UsageError.self) { try job(Array("[1]".utf8), newJobId: "x") }
        let wrongType = Array(#"{"id":"a","type":"certification.decided","version":1,"createdAt":"2026-11-29T08:00:00Z","payload":{}}"#.utf8)
        #expect(throws: UsageError.self) { try job(wrongType, newJobId: "x") }
    }

    @Test func newJobIds_areValidAndDistinct() {
        let a = Session.newJobId("decide")
        #expect(JobEnvelope.isValidJobId(a))
        #expect(a != Session.newJobId("decide"))
    }
}
