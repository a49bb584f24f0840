import Foundation
import Synchronization

/// SIGTERM and SIGINT as a flag to poll. Signals are unblocked on the calling thread first: a
/// process started by a Swift program can inherit a mask that blocks them. SIGPIPE is ignored: a
/// write on a connection Redis (or a health client) has closed must fail as an error, not end the process.
enum TerminationSignals {
    static let received = Atomic<Int32>(0)

    static func install() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGTERM, SIGINT] {
            signal(sig) { number in TerminationSignals.received.store(number, ordering: .relaxed) }
        }
        signal(SIGPIPE, SIG_IGN)
    }

    static var signalled: Int32 { received.load(ordering: .relaxed) }
}
