import CertificationQueries
import ClassQueries
import DepartmentReview
import Foundation
import JobQueue
import QualificationQueries
import RedisClient
import TrainingDomain
import WorkflowKernel

/// Announces the expiry steps that are due: reminders (`qualification.expiring`) and expiries
/// (`qualification.expired`, the item marked expired in the state hash, listing the
/// institution's classes of that item whose roster is still open).
///
/// Cost: a sweep reads `ZRANGEBYSCORE {p}:qualification:due -inf now LIMIT 0 batch`, an
/// O(log N + due) walk of the index, and runs one script per due member. It never scans the
/// items that are not yet due, so a sweep costs what is due, not what exists: a million tracked
/// items with three due cost three scripts (`Report.examined` counts the members looked at).
///
/// Exactly once: each member's script first ZREMs it and applies its effects only if that ZREM
/// removed it, all in one atomic script. Several workers sweeping at once split the members
/// between them; a worker killed mid-sweep leaves the members it had not yet applied in the index
/// for the next sweep, and those it had applied are gone with their effects. A worker down for
/// days catches up: everything with score <= now is due.
public struct ExpirySweeper: Sendable {
    public let keys: QualificationKeys
    public let settings: QualificationSettings
    public let texts: QualificationTexts

    public init(keys: QualificationKeys, settings: QualificationSettings = QualificationSettings(), texts: QualificationTexts = QualificationTexts()) {
        self.keys = keys
        self.settings = settings
        self.texts = texts
    }

    /// What one sweep did.
    public struct Report: Sendable, Equatable {
        /// Due members read from the index.
        public var examined = 0
        /// Steps announced by this sweeper (events and notifications written).
        public var announced = 0
        /// Steps dropped without notice: the item was renewed, expired already, or is gone.
        public var dropped = 0
        /// Members another sweeper applied first.
        public var taken = 0
        public init() {}
    }

    /// KEYS: 1 due index, 2 the institution's state hash, 3 events, 4 notification queue, 5 audit stream.
    /// ARGV: 1 member, 2 item field (`item:{occupation}:{level}`), 3 validUntil, 4 `expire` | `reminder`,
    ///       5 event JSON, 6 notification job JSON, 7 events MAXLEN, 8 time (RFC 3339), 9 step name.
    /// Returns 1 announced, 0 the member was already removed (another sweeper has it), -1 dropped
    /// (item gone, not active, or renewed to another validUntil).
    static let applyScript = RedisScript(name: "qualification-expiry-step", source: """
        if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
        local raw = redis.call('HGET', KEYS[2], ARGV[2])
        if not raw then return -1 end
        local item = cjson.decode(raw)
        if item.status ~= 'active' or item.validUntil ~= ARGV[3] then return -1 end
        if ARGV[4] == 'expire' then
          item.status = 'expired'
          redis.call('HSET', KEYS[2], ARGV[2], cjson.encode(item))
          redis.call('HINCRBY', KEYS[2], 'version', 1)
        end
        redis.call('XADD', KEYS[5], '*', 'action', ARGV[9], 'actor', 'system:expiry', 'revision', '0', 'at', ARGV[8],
                   'item', ARGV[2], 'validUntil', ARGV[3])
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', 'event', ARGV[5])
        redis.call('XADD', KEYS[4], '*', 'job', ARGV[6])
        return 1
        """)

    /// Applies every step due at `nowMs`, `settings.sweepBatch` members per round trip.
    @discardableResult
    public func sweep(on connection: RedisConnection, nowMs: Int64) throws -> Report {
        var report = Report()
        while true {
            let reply = try connection.send("ZRANGEBYSCORE", keys.due, "-inf", String(nowMs), "LIMIT", 0, settings.sweepBatch).throwingServerError()
            let members = (reply.array ?? []).compactMap(\.string)
            report.examined += members.count
            if members.isEmpty { break }
            var commands: [RedisCommand] = []
            for member in members {
                if let step = ExpiryStep(member: member) {
                    commands.append(try command(for: step, connection: connection, nowMs: nowMs))
                } else {
                    commands.append(RedisCommand("ZREM", keys.due, member))
                }
            }
            var replies = try connection.pipeline(commands)
            if replies.contains(where: \.isNoScript) {
                try connection.load(Self.applyScript)
                for i in replies.indices where replies[i].isNoScript { replies[i] = try connection.send(commands[i]) }
            }
            for (i, r) in replies.enumerated() {
                try r.throwingServerError()
                guard ExpiryStep(member: members[i]) != nil else {
                    report.dropped += 1
                    continue
                }
                switch r.int {
                case 1: report.announced += 1
                case 0: report.taken += 1
                default: report.dropped += 1
                }
            }
            if members.count < settings.sweepBatch { break }
        }
        return report
    }

    /// The script call for one step.
    func command(for step: ExpiryStep, connection: RedisConnection, nowMs: Int64) throws -> RedisCommand {
        let pseudoJob = "qexp:" + step.member.replacingOccurrences(of: "|", with: ":")
        let notification: NotificationRequest
        let eventType: String
        var payload: [String: JSONValue] = ["institutionId": .string(step.institutionId), "occupation": .string(step.key.occupation),
                                            "level": .string(step.key.level.rawValue), "validUntil": .string(step.validUntil.description)]
        switch step.kind {
        case .reminder(let days):
            notification = texts.expiring(step.institutionId, step.key, validUntil: step.validUntil, days: days)
            eventType = "qualification.expiring"
            payload["daysLeft"] = .number(Double(days))
        case .expire:
            // Read before the step's script: a class opened meanwhile is refused all the same, only not listed.
            let open = try ClassQuery.openClasses(institutionId: step.institutionId, occupation: step.key.occupation, level: step.key.level,
                                                  prefix: keys.prefix, connection: connection)
            notification = texts.expired(step.institutionId, step.key, validUntil: step.validUntil, openClasses: open.map { ($0.classId, $0.name) })
            eventType = "qualification.expired"
            payload["openClasses"] = .array(open.map { ["classId": .string($0.classId), "name": .string($0.name)] })
        }
        let eventId = "evt-" + NotificationRequest.notificationId(forJob: pseudoJob).dropFirst("notif-".count)
        let event = DomainEvent(type: eventType, payload: .object(payload)).json(id: eventId, occurredAtMs: nowMs, jobId: pseudoJob, traceId: nil)
        let job = notification.envelope(jobId: pseudoJob, nowMs: nowMs, traceId: nil, producer: QualificationEffects.producer)
        return try connection.evalCommand(Self.applyScript, keys: [keys.due, keys.state(step.institutionId), keys.events, keys.notificationQueue, keys.audit(step.institutionId)],
                                          arguments: [step.member, step.key.field, step.validUntil.description,
                                                      step.kind == .expire ? "expire" : "reminder", event.jsonString, job.jsonString,
                                                      String(WorkflowEffects.eventsMaxLength), Timestamp.rfc3339(ms: nowMs), step.stepName])
    }
}
