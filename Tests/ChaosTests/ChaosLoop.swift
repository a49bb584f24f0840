import Foundation
import Synchronization

/// The chaos: on its own thread, about every `killEveryMs` it SIGKILLs a random worker and starts
/// it again, and now and then restarts Redis (by SIGKILL and by SHUTDOWN in turn). It
/// stops when asked, once it has done at least the kills and restarts the settings ask for.
final class ChaosLoop: Sendable {
    private struct State {
        var stopRequested = false
        var finished = false
        var kills = 0
        var redisRestarts = 0
        var log: [String] = []
    }

    private let cluster: ChaosCluster
    private let settings: ChaosSettings
    private let state = Mutex(State())

    init(cluster: ChaosCluster, settings: ChaosSettings) {
        self.cluster = cluster
        self.settings = settings
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "chaos"
        thread.start()
    }

    /// Asks the loop to stop and waits until it has (after its minimum of faults).
    func finish() {
        state.withLock { $0.stopRequested = true }
        while !state.withLock({ $0.finished }) { usleep(50_000) }
    }

    var kills: Int { state.withLock { $0.kills } }
    var redisRestarts: Int { state.withLock { $0.redisRestarts } }
    var log: [String] { state.withLock { $0.log } }

    private func run() {
        let started = Date()
        var round = 0
        while true {
            let jitter = Int.random(in: -settings.killEveryMs / 3...settings.killEveryMs / 3)
            usleep(useconds_t((settings.killEveryMs + jitter) * 1_000))
            let s = state.withLock { $0 }
            if s.stopRequested && s.kills >= settings.minKills && s.redisRestarts >= settings.redisRestarts { break }
            round += 1
            let at = String(format: "%6.1fs", Date().timeIntervalSince(started))
            do {
                let restartDue = Double(s.redisRestarts) < Date().timeIntervalSince(started) / settings.restartEverySeconds
                if round % 3 == 2 && s.redisRestarts < settings.redisRestarts && (restartDue || s.stopRequested) {
                    let byKill = s.redisRestarts % 2 == 0
                    try cluster.restartRedis(kill: byKill)
                    state.withLock { $0.redisRestarts += 1; $0.log.append("\(at) Redis restarted (\(byKill ? "SIGKILL" : "SHUTDOWN"))") }
                } else {
                    let victim = cluster.names.randomElement()!
                    try cluster.killAndRestart(victim)
                    state.withLock { $0.kills += 1; $0.log.append("\(at) SIGKILL \(victim), started again") }
                }
            } catch {
                state.withLock { $0.log.append("\(at) fault injection failed: \(error)") }
            }
        }
        state.withLock { $0.finished = true }
    }
}
