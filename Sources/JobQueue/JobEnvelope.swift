/// The contract's job envelope: what a producer puts in the `job` field of a queue's stream entry.
public struct JobEnvelope: Sendable, Equatable {
    public var id: String
    public var type: String
    public var version: Int
    /// RFC 3339, as the producer wrote it.
    public var createdAt: String
    public var producer: String?
    public var traceId: String?
    /// The message's own fields; always a JSON object.
    public var payload: JSONValue

    public init(id: String, type: String, version: Int = 1, createdAt: String, producer: String? = nil,
                traceId: String? = nil, payload: JSONValue) {
        self.id = id
        self.type = type
        self.version = version
        self.createdAt = createdAt
        self.producer = producer
        self.traceId = traceId
        self.payload = payload
    }

    /// Default limit on an envelope's size (1 MiB); configurable per worker.
    public static let defaultMaxBytes = 1 << 20

    /// The envelope as the JSON text a producer enqueues.
    public var jsonString: String {
        var object: [String: JSONValue] = [
            "id": .string(id), "type": .string(type), "version": .number(Double(version)),
            "createdAt": .string(createdAt), "payload": payload,
        ]
        if let producer { object["producer"] = .string(producer) }
        if let traceId { object["traceId"] = .string(traceId) }
        return JSONValue.object(object).jsonString
    }

    /// True for 1–64 characters of `[A-Za-z0-9._:-]` (the contract's job id rule).
    public static func isValidJobId(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 46 || b == 95 || b == 58 || b == 45
        }
    }

    /// Decodes and checks an envelope. Every problem found is reported at once; `jobId` on the error
    /// is set whenever the id itself was readable, so the outcome can still be recorded under it.
    public static func decode(_ bytes: [UInt8], maxBytes: Int = defaultMaxBytes) throws(EnvelopeError) -> JobEnvelope {
        guard bytes.count <= maxBytes else {
            throw EnvelopeError(jobId: nil, errors: [FieldError(field: "", code: "envelope.too_large",
                message: "envelope is \(bytes.count) bytes; the limit is \(maxBytes)")])
        }
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw EnvelopeError(jobId: nil, errors: [FieldError(field: "", code: "envelope.invalid_json", message: error.message)])
        }
        guard case .object(let object) = document else {
            throw EnvelopeError(jobId: nil, errors: [FieldError(field: "", code: "envelope.not_object",
                message: "envelope must be a JSON object, got \(document.typeName)")])
        }
        var errors: [FieldError] = []
        func requiredString(_ name: String) -> String? {
            guard let value = object[name] else {
                errors.append(FieldError(field: name, code: "field.required", message: "\(name) is required"))
                return nil
            }
            guard case .string(let s) = value else {
                errors.append(FieldError(field: name, code: "field.type", message: "\(name) must be a string, got \(value.typeName)"))
                return nil
            }
            return s
        }
        func optionalString(_ name: String, maxLength: Int) -> String? {
            guard let value = object[name], value != .null else { return nil }
            guard case .string(let s) = value else {
                errors.append(FieldError(field: name, code: "field.type", message: "\(name) must be a string, got \(value.typeName)"))
                return nil
            }
            if s.utf8.count > maxLength {
                errors.append(FieldError(field: name, code: "field.too_long", message: "\(name) is longer than \(maxLength) bytes"))
                return nil
            }
            return s
        }
        var jobId: String?
        if let id = requiredString("id") {
            if isValidJobId(id) {
                jobId = id
            } else {
                errors.append(FieldError(field: "id", code: "field.format", message: "id must be 1-64 characters of A-Z a-z 0-9 . _ : -"))
            }
        }
        let type = requiredString("type")
        var version = 0
        if let v = object["version"] {
            if let n = v.intValue {
                version = n
                if n != 1 { errors.append(FieldError(field: "version", code: "field.enum", message: "version \(n) is not supported; this worker reads version 1")) }
            } else {
                errors.append(FieldError(field: "version", code: "field.type", message: "version must be an integer, got \(v.typeName)"))
            }
        } else {
            errors.append(FieldError(field: "version", code: "field.required", message: "version is required"))
        }
        let createdAt = requiredString("createdAt")
        if let createdAt, Timestamp.parseRFC3339(createdAt) == nil {
            errors.append(FieldError(field: "createdAt", code: "field.format", message: "createdAt must be an RFC 3339 timestamp"))
        }
        let producer = optionalString("producer", maxLength: 256)
        let traceId = optionalString("traceId", maxLength: 128)
        var payload: JSONValue = .null
        if let p = object["payload"] {
            if case .object = p { payload = p } else {
                errors.append(FieldError(field: "payload", code: "field.type", message: "payload must be an object, got \(p.typeName)"))
            }
        } else {
            errors.append(FieldError(field: "payload", code: "field.required", message: "payload is required"))
        }
        guard errors.isEmpty, let id = jobId, let type, let createdAt else {
            throw EnvelopeError(jobId: jobId, errors: errors)
        }
        return JobEnvelope(id: id, type: type, version: version, createdAt: createdAt, producer: producer, traceId: traceId, payload: payload)
    }
}

/// An envelope that cannot be processed: it becomes a dead letter with these errors.
public struct EnvelopeError: Error, Sendable, CustomStringConvertible {
    /// The job id when it could be read, so the result hash can be written.
    public let jobId: String?
    public let errors: [FieldError]

    public init(jobId: String?, errors: [FieldError]) {
        self.jobId = jobId
        self.errors = errors
    }

    /// The first error's code, used as the outcome code.
    public var code: String { errors.first?.code ?? "envelope.invalid" }

    public var description: String { errors.map(\.description).joined(separator: "; ") }
}
