import Testing
@testable import Notification

/// A gateway's answer is kept in the delivery record and logged with a retry: a phone or ID
/// number it echoes back is masked there too.
@Suite struct GatewayAnswerMaskingTests {
    struct EchoingGateway: HTTPTransport {
        let status: Int
        func post(_ url: String, headers: [String: String], body: [UInt8], timeoutMs: Int) -> HTTPResult {
            .answered(status: status, body: "{\"error\":\"号码+86 138-0731-1234无效，身份证4301 0219 9001 0112 38\"}")
        }
    }

    func result(status: Int) -> ChannelResult {
        let sender = ChannelSender(settings: NotificationSettings(), transport: EchoingGateway(status: status), breakers: CircuitBreakers())
        return sender.post(gateway: "sms", url: "http://127.0.0.1:1/sms", headers: [:], body: .null, nowMs: 0)
    }

    @Test(arguments: [400, 500])
    func gatewayAnswer_echoingPhoneAndIDNumber_isMasked(status: Int) {
        let detail: String
        switch result(status: status) {
        case .failed(let text), .transient(let text), .accepted(let text): detail = text
        }
        #expect(detail.contains("138****1234") && detail.contains("4301**********1238"), "\(detail)")
        #expect(!detail.contains("0731") && !detail.contains("0219"), "\(detail)")
    }
}
