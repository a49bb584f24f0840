import Foundation
import JobQueue
import Notification
import Testing

/// The invalid `notification.requested` examples of schemas/ are refused by the worker's decoder
/// with the field and code their expectations name.
@Suite struct NotificationSchemaExampleTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("schemas/examples/notification.requested")

    @Test func invalidExamples_areRefusedWithTheExpectedFieldAndCode() throws {
        let expectations = try JSONValue.parse(String(contentsOf: Self.folder.appendingPathComponent("invalid/expectations.json"), encoding: .utf8))
        let entries = try #require(expectations.objectValue)
        #expect(entries.count >= 8)
        for (file, expected) in entries {
            let envelope = try JSONValue.parse(String(contentsOf: Self.folder.appendingPathComponent("invalid/\(file)"), encoding: .utf8))
            let payload = envelope["payload"] ?? .null
            guard case .failure(let failure) = NotificationPayload.decode(payload) else { Issue.record("\(file) accepted"); continue }
            let got = failure.errors.map { "\($0.field) \($0.code)" }
            #expect(got.contains("\(expected["field"]!.stringValue!) \(expected["code"]!.stringValue!)"), "\(file): \(got)")
        }
    }

    @Test func validExamplesWithTheirTemplatesParams_areAccepted() throws {
        for file in ["certification-approved-default-channels.json", "qualification-expiring-sms-and-dingtalk.json", "inbox-and-sms.json"] {
            let envelope = try JSONValue.parse(String(contentsOf: Self.folder.appendingPathComponent("valid/\(file)"), encoding: .utf8))
            let decoded = NotificationPayload.decode(envelope["payload"] ?? .null)
            if case .failure(let f) = decoded { Issue.record("\(file): \(f.errors)") }
        }
    }
}
