import Foundation
import Synchronization

/// SIGTERM and SIGINT as a flag to poll. Signals are unblocked on the calling thread first: a
/// process started by a Swift program can inherit a mask that blocks them.
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
    }

    static var signalled: Int32 { received.load(ordering: .relaxed) }
}
