/// A family of labelled counters that a handler counts in, shown on `/metrics` beside the
/// runtime's own: its Prometheus name, HELP text and label names. Every sample also carries the
/// `queue` label, first. A family is registered by its first count (``Metrics/add(_:to:labels:)``)
/// and appears once it has a sample.
public struct CounterFamily: Sendable, Hashable {
    /// The metric name, e.g. `vt_orders_checked_total`.
    public let name: String
    /// The HELP line's text.
    public let help: String
    /// The label names, in the order each sample's values are given (not `queue`: the runtime adds it).
    public let labels: [String]

    /// A family; the name and label names must be Prometheus names (`[a-zA-Z_][a-zA-Z0-9_]*`),
    /// the labels distinct and none of them `queue`.
    public init(name: String, help: String, labels: [String]) {
        precondition(Self.isName(name), "counter family name \(name) is not a Prometheus metric name")
        precondition(labels.allSatisfy(Self.isName) && Set(labels).count == labels.count && !labels.contains("queue"),
                     "counter family \(name): label names must be distinct Prometheus names other than queue")
        self.name = name
        self.help = help
        self.labels = labels
    }

    /// One family's counts at an instant: label values (in ``labels`` order) → count.
    public struct Snapshot: Sendable, Equatable {
        public let family: CounterFamily
        public var counts: [[String]: Int]
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`.
    static func isName(_ text: String) -> Bool {
        func letter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F }
        guard let first = text.utf8.first, letter(first) else { return false }
        return text.utf8.allSatisfy { letter($0) || (0x30...0x39).contains($0) }
    }
}
