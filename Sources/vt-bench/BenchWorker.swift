import Foundation
import JobQueue
import TestWorkerHandlers
import WireContract

/// `vt-bench worker`: a worker process on the `bench` queue, configured by VT_* variables.
enum BenchWorker {
    static func main(_ arguments: [String]) -> Int32 {
        do {
            let (config, _) = try WorkerConfiguration.load(environment: ProcessInfo.processInfo.environment, arguments: arguments)
            let worker = try Worker(configuration: config, spec: TestHandlers.benchQueue, directory: MessageDirectory(WireContract.queueOfType))
            return worker.runUntilSignalled()
        } catch {
            FileHandle.standardError.write(Data("vt-bench worker: \(error)\n".utf8))
            return 2
        }
    }
}
