/// Commands written straight into the bytes Redis reads (RESP: `*` and the argument count, then
/// `$`, the length and the bytes of each argument), for a writer of many large commands (an
/// import's 100,000 staged students): hiredis sends the bytes as they are
/// (``RedisConnection/write(_:)``) instead of formatting every argument again (`sdscatfmt` and
/// `sdscatlen` per argument, about a tenth of the staging thread's time, measured), and no argv
/// arrays are built.
public struct RedisProtocolBuffer: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Complete commands in the buffer.
    public private(set) var commands = 0
    /// Arguments the command being written still expects.
    private var argumentsLeft = 0

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Every command begun is complete.
    public var isComplete: Bool { argumentsLeft == 0 }

    /// Begins a command of `arguments` arguments, its name included; they follow, one
    /// `append` each.
    public mutating func begin(arguments: Int) {
        precondition(isComplete && arguments > 0, "a command begun before the last one's arguments were all written")
        bytes.append(UInt8(ascii: "*"))
        Self.appendDecimal(arguments, to: &bytes)
        appendCRLF()
        argumentsLeft = arguments
    }

    /// One argument given as text.
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(bytes: $0) }
    }

    /// One argument given as bytes.
    public mutating func append(bytes argument: some Collection<UInt8>) {
        startArgument()
        bytes.append(UInt8(ascii: "$"))
        Self.appendDecimal(argument.count, to: &bytes)
        appendCRLF()
        bytes.append(contentsOf: argument)
        endArgument()
    }

    /// One argument written in place by `write` (which appends its bytes, and nothing else):
    /// its length is written before it afterwards (a placeholder of the widest length, then the
    /// argument moved back over what it did not need).
    public mutating func appendArgument(_ write: (inout [UInt8]) -> Void) {
        startArgument()
        let header = bytes.count
        bytes.append(UInt8(ascii: "$"))
        bytes.append(contentsOf: repeatElement(0, count: Self.lengthDigits))
        appendCRLF()
        let start = bytes.count
        write(&bytes)
        let length = bytes.count - start
        let width = Self.digitCount(length)
        precondition(width <= Self.lengthDigits, "an argument of \(length) bytes")
        let unused = Self.lengthDigits - width
        bytes.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            Self.writeDecimal(length, width: width, at: base + header + 1)
            base[header + 1 + width] = 0x0D
            base[header + 2 + width] = 0x0A
            if unused > 0 { (base + start - unused).update(from: base + start, count: length) }
        }
        bytes.removeLast(unused)
        endArgument()
    }

    /// `lengths.count` arguments written in place: argument `i` is `lengths[i]` bytes, which
    /// `write(i, start)` writes exactly there (and nothing else). For a writer of many arguments
    /// at once (an import's staged students): the buffer grows once, each length is written
    /// before its bytes, and no argument goes through an Array append.
    public mutating func appendArguments(_ lengths: [Int], _ write: (Int, UnsafeMutablePointer<UInt8>) -> Void) {
        precondition(lengths.count <= argumentsLeft, "arguments past the command's count")
        var total = 0
        for n in lengths { total += 1 + Self.digitCount(n) + 2 + n + 2 }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: total))
        bytes.withUnsafeMutableBufferPointer { buffer in
            var at = buffer.baseAddress! + start
            for (i, n) in lengths.enumerated() {
                at[0] = UInt8(ascii: "$")
                let width = Self.digitCount(n)
                Self.writeDecimal(n, width: width, at: at + 1)
                at[width + 1] = 0x0D
                at[width + 2] = 0x0A
                at += width + 3
                write(i, at)
                at[n] = 0x0D
                at[n + 1] = 0x0A
                at += n + 2
            }
            precondition(at == buffer.baseAddress! + start + total)
        }
        argumentsLeft -= lengths.count
        if argumentsLeft == 0 { commands += 1 }
    }

    /// A whole command.
    public mutating func append(_ command: RedisCommand) {
        begin(arguments: command.count)
        var offset = 0
        for length in command.lengths {
            append(bytes: command.storage[offset..<offset + length])
            offset += length
        }
    }

    /// The widest argument length written in place: 999,999,999 bytes (Redis refuses arguments
    /// past 512 MB anyway).
    static let lengthDigits = 9

    private mutating func appendCRLF() {
        bytes.append(0x0D)
        bytes.append(0x0A)
    }

    private mutating func startArgument() {
        precondition(argumentsLeft > 0, "an argument past the command's count")
    }

    private mutating func endArgument() {
        appendCRLF()
        argumentsLeft -= 1
        if argumentsLeft == 0 { commands += 1 }
    }

    private static func digitCount(_ value: Int) -> Int {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }

    /// Writes `value`'s `width` (its ``digitCount(_:)``) decimal digits at `at`.
    private static func writeDecimal(_ value: Int, width: Int, at: UnsafeMutablePointer<UInt8>) {
        var rest = value
        for k in stride(from: width - 1, through: 0, by: -1) {
            at[k] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        precondition(value >= 0)
        if value < 10 { return out.append(UInt8(ascii: "0") + UInt8(value)) }
        let width = digitCount(value)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: width) { digits in
            writeDecimal(value, width: width, at: digits.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(digits))
        }
    }
}
