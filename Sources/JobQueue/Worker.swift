import Foundation
import RedisClient
import Synchronization

/// A worker process's runtime for one queue: it only wires the parts together. Start order:
/// connect and create the consumer group, heartbeat (so no one mistakes us for dead), lanes,
/// periodic tasks. Stop order is the reverse: lanes finish their current job and hand back the
/// rest, then periodic tasks, then the heartbeat is retired.
public final class Worker: Sendable {
    public let configuration: WorkerConfiguration
    public let consumer: String
    public let metrics: Metrics
    public let logger: Logger
    let runtime: WorkerRuntime
    let periodic: [PeriodicTask]
    private let lanesDone = DispatchGroup()
    private let backgroundDone = DispatchGroup()
    private let backgroundStop = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let maintenance = Mutex<MaintenanceBox?>(nil)

    private static let instances = Atomic<Int>(0)

    /// - Parameters:
    ///   - directory: where the message types of other queues belong, so that a job sent to the
    ///     wrong queue is dead-lettered as `wrong_queue` rather than `unknown_type`; the
    ///     executables pass the wire contract's.
    ///   - clock: defaults to the system clock shifted by `clockOffsetMs`.
    public init(configuration: WorkerConfiguration, spec: QueueSpec, directory: MessageDirectory = MessageDirectory(),
                periodic: [PeriodicTask] = [], clock: (any Clock)? = nil, logSink: LogSink = .stderr, consumerName: String? = nil) throws(RedisError) {
        self.configuration = configuration
        let n = Self.instances.wrappingAdd(1, ordering: .relaxed).newValue
        let base = "\(ProcessInfo.processInfo.hostName)-\(getpid())"
        consumer = consumerName ?? (n == 1 ? base : "\(base)-\(n)")
        let clock = clock ?? (configuration.clockOffsetMs == 0 ? SystemClock() as any Clock : OffsetClock(offsetMs: Int64(configuration.clockOffsetMs)))
        logger = Logger(component: "\(spec.name)-worker", level: Logger.Level(name: configuration.logLevel) ?? .info, clock: clock, sink: logSink)
        metrics = Metrics()
        runtime = try WorkerRuntime(config: configuration, spec: spec, directory: directory, clock: clock, logger: logger, metrics: metrics, consumer: consumer)
        self.periodic = periodic
    }

    /// Connects, creates the consumer group, and starts every thread. Returns once running.
    public func start() throws(RedisError) {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // glibc gives every thread its own malloc arena; with dozens of lanes that is most of the
        // RSS. Two arenas are plenty: lanes spend their time waiting on Redis, not in malloc.
        Self.limitMallocArenas(2)
        // Bind the health port first: a taken port fails the start before anything runs.
        let health = configuration.metricsPort > 0 ? HealthServerBox(server: try HealthServer(runtime: runtime, port: configuration.metricsPort)) : nil
        let setup = try RedisConnection(runtime.redis, clientName: "\(consumer):maintenance")
        runtime.connections.register(setup)
        do {
            try runtime.ensureGroup(on: setup)
        } catch where error.refusesWrites {
            // A full Redis must not keep a worker from starting: the lanes create the group once it accepts writes.
            runtime.refusals.refused(error.message)
            logger.warning("Redis refuses writes at start; the lanes will wait for it", ["error": .string(error.message)])
        }
        let startedAt = runtime.clock.nowMs()
        let loop = MaintenanceLoop(runtime: runtime, connection: setup, startedAtMs: startedAt)
        try loop.heartbeat.beat(on: setup)
        let box = MaintenanceBox(loop: loop)
        maintenance.withLock { $0 = box }
        logger.info("worker started", ["queue": .string(runtime.spec.name), "consumer": .string(consumer),
            "concurrency": .number(Double(configuration.concurrency)), "redis": .string(runtime.redis.redactedURL),
            "types": .array(runtime.spec.handlers.keys.sorted().map(JSONValue.string))])
        spawn(name: "maintenance", group: backgroundDone) { [self] in
            box.loop.run(while: { !self.backgroundStop.load(ordering: .acquiring) })
        }
        if let sentinel = runtime.redis.sentinel, configuration.redisSentinelSubscribe {
            spawn(name: "sentinel-watch", group: backgroundDone) { [self] in
                PrimaryWatcher(runtime: runtime, sentinel: sentinel).run(while: { !self.backgroundStop.load(ordering: .acquiring) })
            }
        }
        if let health {
            spawn(name: "health", group: backgroundDone) { [self] in
                health.server.run(while: { !self.backgroundStop.load(ordering: .acquiring) })
            }
        }
        for i in 0..<configuration.concurrency {
            spawn(name: "lane\(i)", group: lanesDone) { [runtime] in
                guard let connection = runtime.connect(role: "lane\(i)") else { return }
                Lane(index: i, runtime: runtime, connection: connection).run()
            }
        }
        if !periodic.isEmpty {
            spawn(name: "periodic", group: backgroundDone) { [self] in runPeriodic() }
        }
    }

    /// Asks every lane to stop after its current job. Returns at once.
    public func stop() {
        if !runtime.isStopping { logger.info("stopping: finishing in-flight jobs", ["graceMs": .number(Double(configuration.shutdownGraceMs))]) }
        runtime.requestStop()
    }

    /// Waits for the lanes (up to the grace period), then stops the background threads and
    /// retires the heartbeat so anything left is claimed at once. True when every lane finished.
    @discardableResult
    public func waitUntilStopped() -> Bool {
        let finished = lanesDone.wait(timeout: .now() + .milliseconds(configuration.shutdownGraceMs)) == .success
        if !finished { logger.warning("grace period over; jobs still running are left for other workers to claim") }
        backgroundStop.store(true, ordering: .releasing)
        _ = backgroundDone.wait(timeout: .now() + .seconds(5))
        maintenance.withLock { $0?.loop.retire() }
        logger.info("worker stopped", ["processed": .number(Double(metrics.value("processed")))])
        return finished
    }

    /// For executables: starts, stops on SIGTERM or SIGINT, drains, returns the exit code.
    public func runUntilSignalled() -> Int32 {
        TerminationSignals.install()
        do {
            try start()
        } catch {
            logger.error("cannot start", ["error": .string(error.description)])
            return 1
        }
        while lanesDone.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            if TerminationSignals.signalled != 0 && !runtime.isStopping {
                logger.info("signal received", ["signal": .number(Double(TerminationSignals.signalled))])
                stop()
            }
        }
        waitUntilStopped()
        return 0
    }

    private func runPeriodic() {
        guard let connection = runtime.connect(role: "periodic") else { return }
        var lastTick: [String: Int64] = [:]
        while !backgroundStop.load(ordering: .acquiring) && !runtime.isStopping {
            let now = runtime.clock.nowMs()
            for task in periodic {
                let tick = now / task.intervalMs
                guard lastTick[task.name] != tick else { continue }
                do {
                    lastTick[task.name] = tick
                    guard try task.acquire(tickOf: now, owner: consumer, keys: runtime.keys, on: connection) else { continue }
                    try task.body(connection, now)
                } catch let error as RedisError where error.breaksConnection {
                    lastTick[task.name] = nil
                    if !runtime.reconnect(connection, after: error, role: "periodic") { return }
                } catch {
                    logger.error("periodic task failed", ["task": .string(task.name), "error": .string(String(describing: error))])
                }
            }
            usleep(50_000)
        }
    }

    /// `mallopt(M_ARENA_MAX, n)`; glibc's malloc.h is not in Swift's Glibc module, so it is looked up.
    private static func limitMallocArenas(_ n: Int32) {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(-8, n) // M_ARENA_MAX
    }

    private func spawn(name: String, group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.name = "\(runtime.spec.name)-\(name)"
        thread.stackSize = 1 << 20
        thread.start()
    }
}

/// Moves the health server to its thread.
// @unchecked: the server owns a RedisConnection (C pointer), used only by its own thread.
private final class HealthServerBox: @unchecked Sendable {
    let server: HealthServer
    init(server: HealthServer) { self.server = server }
}

/// Holds the maintenance loop so `waitUntilStopped` can retire the heartbeat on its connection
/// once the loop's thread has ended.
// @unchecked: the loop wraps a RedisConnection (C pointer), used by one thread at a time.
private final class MaintenanceBox: @unchecked Sendable {
    let loop: MaintenanceLoop
    init(loop: MaintenanceLoop) { self.loop = loop }
}
