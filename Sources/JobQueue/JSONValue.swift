import Foundation

/// A JSON document as a value: what envelopes, payloads, results and events are made of.
/// Parsing goes through Foundation's `JSONSerialization`; writing is done here, deterministically
/// (object keys sorted), so that the same value always produces the same bytes.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Why a document could not be read.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Parses UTF-8 bytes. Invalid UTF-8, trailing garbage and nesting deeper than `maxDepth` are refused.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 64) throws(ParseError) -> JSONValue {
        let data = Data(bytes)
        let any: Any
        do {
            any = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw ParseError(message: "not valid JSON (\(Self.reason(error)))")
        }
        return try convert(any, depth: 0, maxDepth: maxDepth)
    }

    /// Parses a string.
    public static func parse(_ text: String, maxDepth: Int = 64) throws(ParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let debug = ns.userInfo[NSDebugDescriptionErrorKey] as? String { return debug }
        return "parse error"
    }

    private static func convert(_ any: Any, depth: Int, maxDepth: Int) throws(ParseError) -> JSONValue {
        guard depth <= maxDepth else { throw ParseError(message: "nested deeper than \(maxDepth) levels") }
        switch any {
        case let s as String: return .string(s)
        case let n as NSNumber:
            // JSONSerialization gives booleans as NSNumber of ObjC type "c" (char); numbers are "q" or "d".
            if n.objCType.pointee == CChar(UInt8(ascii: "c")) { return .bool(n.boolValue) }
            return .number(n.doubleValue)
        case let d as [String: Any]:
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(d.count)
            for (k, v) in d { object[k] = try convert(v, depth: depth + 1, maxDepth: maxDepth) }
            return .object(object)
        case let a as [Any]:
            var array: [JSONValue] = []
            array.reserveCapacity(a.count)
            for v in a { array.append(try convert(v, depth: depth + 1, maxDepth: maxDepth)) }
            return .array(array)
        case is NSNull: return .null
        default: throw ParseError(message: "unsupported JSON value")
        }
    }

    // MARK: - Access

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var doubleValue: Double? { if case .number(let n) = self { return n }; return nil }

    /// The number as an integer when it is one exactly (`3`, not `3.5`).
    public var intValue: Int? {
        guard case .number(let n) = self, n.rounded() == n, abs(n) < 9.0e15 else { return nil }
        return Int(n)
    }

    /// The JSON type's name, for error messages ("string", "number", …).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    // MARK: - Writing

    /// Compact JSON text with object keys sorted.
    public var jsonString: String {
        var out = ""
        out.reserveCapacity(128)
        write(to: &out)
        return out
    }

    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 { out += String(Int(n)) } else if n.isFinite { out += String(n) } else { out += "null" }
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.write(to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, k) in o.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                Self.writeString(k, to: &out)
                out += ":"
                o[k]!.write(to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u00"
                out += String(scalar.value >> 4, radix: 16)
                out += String(scalar.value & 0xF, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
