/// A decoded RESP2 reply. Bulk strings stay bytes (binary-safe); helpers read them as text or numbers.
public enum RedisReply: Sendable, Equatable {
    case status(String)
    case error(String)
    case integer(Int)
    case bulk([UInt8])
    case null
    case array([RedisReply])

    /// The reply as text: bulk strings (UTF-8, lossy), status and integer replies. `nil` for null, arrays, errors.
    public var string: String? {
        switch self {
        case .bulk(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .status(let s): return s
        case .integer(let i): return String(i)
        default: return nil
        }
    }

    /// The reply as an integer: integer replies and bulk strings holding decimal digits.
    public var int: Int? {
        switch self {
        case .integer(let i): return i
        case .bulk(let bytes): return Int(String(decoding: bytes, as: UTF8.self))
        case .status(let s): return Int(s)
        default: return nil
        }
    }

    /// The elements of an array reply, `nil` otherwise.
    public var array: [RedisReply]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The bytes of a bulk string, `nil` otherwise.
    public var bytes: [UInt8]? {
        if case .bulk(let b) = self { return b }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// Throws the server error carried by an error reply; returns the reply otherwise.
    @discardableResult
    public func throwingServerError() throws(RedisError) -> RedisReply {
        if case .error(let message) = self { throw RedisError(.server, message) }
        return self
    }

    /// A flat `[field, value, field, value]` array (HGETALL, stream entry fields) as a dictionary of texts.
    public var fieldMap: [String: String] {
        guard let elements = array else { return [:] }
        var map: [String: String] = [:]
        map.reserveCapacity(elements.count / 2)
        var i = 0
        while i + 1 < elements.count {
            if let k = elements[i].string, let v = elements[i + 1].string { map[k] = v }
            i += 2
        }
        return map
    }

    /// A map reply (`HGETALL`) as field/value pairs in reply order.
    public var fieldPairs: [(String, String)] {
        guard let elements = array else { return [] }
        var pairs: [(String, String)] = []
        pairs.reserveCapacity(elements.count / 2)
        var i = 0
        while i + 1 < elements.count {
            if let k = elements[i].string, let v = elements[i + 1].string { pairs.append((k, v)) }
            i += 2
        }
        return pairs
    }
}
