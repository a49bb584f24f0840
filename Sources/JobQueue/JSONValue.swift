import CJansson

/// A JSON document as a value: what envelopes, payloads, results and events are made of.
/// Parsing goes through Jansson (a strict C parser Debian ships); writing is done here, deterministically
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

    /// Parses UTF-8 bytes with Jansson, strictly: invalid UTF-8, duplicate object keys, NUL
    /// characters, trailing garbage and nesting deeper than `maxDepth` are refused.
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = 64) throws(ParseError) -> JSONValue {
        var error = json_error_t()
        let flags = Int(JSON_REJECT_DUPLICATES | JSON_DECODE_ANY)
        let root: UnsafeMutablePointer<json_t>? = bytes.withContiguousStorageIfAvailable { buffer in
            json_loadb(UnsafeRawPointer(buffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }, buffer.count, flags, &error)
        } ?? Array(bytes).withUnsafeBufferPointer { buffer in
            json_loadb(UnsafeRawPointer(buffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }, buffer.count, flags, &error)
        }
        guard let root else {
            // Jansson's text ends with the input near the error (` near '"13812345678'`), maybe a phone or
            // ID number: it would reach the dead letter and the log, so only Jansson's own words are kept.
            let text = withUnsafeBytes(of: error.text) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }).split(separator: Array(" near ".utf8)).first ?? [], as: UTF8.self)
            }
            throw ParseError(message: "not valid JSON: \(text) (line \(error.line), column \(error.column))")
        }
        defer { json_decref(root) }
        return try convert(root, depth: 0, maxDepth: maxDepth)
    }

    /// Parses a string.
    public static func parse(_ text: String, maxDepth: Int = 64) throws(ParseError) -> JSONValue {
        try parse(Array(text.utf8), maxDepth: maxDepth)
    }

    private static func convert(_ node: UnsafeMutablePointer<json_t>, depth: Int, maxDepth: Int) throws(ParseError) -> JSONValue {
        guard depth <= maxDepth else { throw ParseError(message: "nested deeper than \(maxDepth) levels") }
        switch vt_json_type(node) {
        case Int32(JSON_OBJECT.rawValue):
            var object: [String: JSONValue] = [:]
            object.reserveCapacity(json_object_size(node))
            var iterator = json_object_iter(node)
            while let it = iterator {
                let key = String(decoding: UnsafeRawBufferPointer(start: json_object_iter_key(it), count: json_object_iter_key_len(it)), as: UTF8.self)
                if let value = json_object_iter_value(it) { object[key] = try convert(value, depth: depth + 1, maxDepth: maxDepth) }
                iterator = json_object_iter_next(node, it)
            }
            return .object(object)
        case Int32(JSON_ARRAY.rawValue):
            let count = json_array_size(node)
            var array: [JSONValue] = []
            array.reserveCapacity(count)
            for i in 0..<count {
                if let value = json_array_get(node, i) { array.append(try convert(value, depth: depth + 1, maxDepth: maxDepth)) }
            }
            return .array(array)
        case Int32(JSON_STRING.rawValue):
            return .string(String(decoding: UnsafeRawBufferPointer(start: json_string_value(node), count: json_string_length(node)), as: UTF8.self))
        case Int32(JSON_INTEGER.rawValue): return .number(Double(json_integer_value(node)))
        case Int32(JSON_REAL.rawValue): return .number(json_real_value(node))
        case Int32(JSON_TRUE.rawValue): return .bool(true)
        case Int32(JSON_FALSE.rawValue): return .bool(false)
        default: return .null
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
    public var jsonString: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// The same as UTF-8 bytes (what goes into Redis), written byte by byte: strings are copied
    /// in runs between the characters that need escaping.
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9.0e15 {
                out.append(contentsOf: String(Int(n)).utf8)
            } else if n.isFinite {
                out.append(contentsOf: String(n).utf8)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (i, k) in o.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(k, to: &out)
                out.append(UInt8(ascii: ":"))
                o[k]!.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\r`, `\t` or
    /// `\u00XX`; everything else (UTF-8 included) copied as it is.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                out.append(contentsOf: bytes[runStart..<i])
                runStart = i + 1
                switch b {
                case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                            hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]])
                }
            }
            out.append(contentsOf: bytes[runStart...])
        }
        out.append(UInt8(ascii: "\""))
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
