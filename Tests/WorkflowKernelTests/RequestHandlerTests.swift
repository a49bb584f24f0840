import JobQueue
import Testing
import WorkflowKernel

/// The one place a payload that does not decode becomes `validation_failed`.
@Suite struct RequestHandlerTests {
    struct Greeting { let name: String }

    /// Decodes `{"greetingId", "name"}`; handles by finishing `done`.
    struct GreetingHandler: RequestHandler {
        var entityField: String { "greetingId" }
        func decode(_ payload: JSONValue) -> Result<Greeting, ValidationErrors> {
            guard case .object(let object) = payload else { return .failure(ValidationErrors([])) }
            var reader = PayloadReader(object)
            let name = reader.string("name", maxLength: 8)
            for n in 0..<6 { reader.fail("extra\(n)", "field.format", "bad") }
            guard let name, reader.errors.count == 6 else { return .failure(ValidationErrors(reader.errors)) }
            return .success(Greeting(name: name))
        }
        func handle(_ request: Greeting, job: Job, context: JobContext) throws -> JobOutcome { .done("greeted", request.name) }
    }

    @Test func invalidPayload_isRejectedAsValidationFailed_withEveryErrorAndTheEntity() throws {
        let outcome = GreetingHandler().outcome(for: ["greetingId": "g-1", "name": "much too long a name"])
        #expect(outcome.status == .rejected && outcome.outcome == "validation_failed")
        #expect(outcome.errors.count == 7)
        #expect(outcome.message == "7 invalid fields: payload.name (field.format), payload.extra0 (field.format), payload.extra1 (field.format), "
            + "payload.extra2 (field.format), payload.extra3 (field.format), …")
        #expect(outcome.fields.contains { $0 == ("entity", "g-1") })
    }

    @Test func invalidPayload_withAnUnreadableEntity_namesNoEntity() {
        let outcome = GreetingHandler().outcome(for: ["greetingId": "not an id!", "name": 3])
        #expect(outcome.outcome == "validation_failed")
        #expect(!outcome.fields.contains { $0.0 == "entity" })
    }
}

extension RequestHandler {
    /// The decode step's outcome alone (nil when the payload decodes: handling needs a context).
    func outcome(for payload: JSONValue) -> JobOutcome {
        switch decode(payload) {
        case .success: return .done("decoded", "")
        case .failure(let invalid): return .validationFailed(invalid, payload: payload, entityField: entityField)
        }
    }
}
