// libFuzzer target `envelope`: JobEnvelope.decode (Jansson through JSONValue.parse) on any
// bytes. Properties: never crashes; a decoded envelope written back as JSON decodes again to the
// same envelope; any JSON document re-parses from its own text to an equal value.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvelope(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let document = try? JSONValue.parse(bytes) {
        let again = try? JSONValue.parse(document.jsonString)
        precondition(again == document || document.containsNaNOrHugeNumber, "JSON round trip changed the value: \(document.jsonString)")
    }
    if let envelope = try? JobEnvelope.decode(bytes) {
        let again = try? JobEnvelope.decode(Array(envelope.jsonString.utf8))
        precondition(again == envelope || envelope.payload.containsNaNOrHugeNumber, "envelope round trip failed: \(envelope.jsonString)")
    }
    return 0
}

extension JSONValue {
    /// Numbers whose text form is lossy by design (beyond 2^53, or not finite): excluded from
    /// the round-trip property, not from the no-crash one.
    var containsNaNOrHugeNumber: Bool {
        switch self {
        case .number(let n): return !n.isFinite || abs(n) >= 9.0e15 || n != n.rounded() && String(n).contains("e")
        case .array(let a): return a.contains { $0.containsNaNOrHugeNumber }
        case .object(let o): return o.values.contains { $0.containsNaNOrHugeNumber }
        default: return false
        }
    }
}
