import Certification
import ClassQueries
import DomainFixtures
import ECertificate
import Foundation
import JobQueue
import RedisClient
import TrainingDomain
import TrainingQueries

/// `vt-bench certificate-job`: the whole `certificate.requested` job in one real training-worker
/// process: a locked class of generated students (in the enrolment index, every one with hours
/// and scores) is requested; the time runs from the XADD to the result (reads, the closing step,
/// the frozen reads, signing, the PDF, the stored certificate), polled every millisecond. Then
/// the worker's peak RSS (VmHWM).
enum CertificateJobBenchmark {
    static let usage = """
        vt-bench certificate-job [--students 500,5000] [--runs 3] [--redis-url URL]
          One training-worker process handles certificate.requested for fresh classes of that many students (roster in
          the enrolment index, hours and scores for all): the whole job from XADD to result, first and median of --runs,
          and the worker's peak RSS. The key is VT_CERT_SIGNING_KEY's file when set, else a new one.

        """

    static func main(_ arguments: [String]) -> Int32 {
        var sizes = [500, 5_000]
        var runs = 3
        var redisURL: String?
        var i = 0
        while i + 1 < arguments.count {
            switch arguments[i] {
            case "--students": sizes = arguments[i + 1].split(separator: ",").compactMap { Int($0) }.filter { (1...20_000).contains($0) }
            case "--runs": runs = Int(arguments[i + 1]).map { min(max($0, 1), 50) } ?? runs
            case "--redis-url": redisURL = arguments[i + 1]
            default: i = arguments.count
            }
            i += 2
        }
        guard i == arguments.count, !sizes.isEmpty else {
            FileHandle.standardError.write(Data(usage.utf8))
            return 2
        }
        do {
            var server: BenchRedis?
            if redisURL == nil { server = try BenchRedis() }
            defer { server?.stop() }
            let url = redisURL ?? server!.url
            let c = try RedisConnection(try RedisConfiguration(url: url))
            let keys = QueueKeys(prefix: "vtbc\(getpid())")
            let keyFile = try signingKeyFile()
            setenv(CertificateSigningKey.environmentVariable, keyFile, 1)
            try DomainFixtures.certify("bench-inst", keys: CertificationKeys(keys), on: c)
            let worker = try WorkersBenchmark.startWorker("training-worker", url: url, prefix: keys.prefix, concurrency: 4)
            defer { WorkersBenchmark.stop([worker]) }
            for students in sizes {
                var times: [Double] = []
                for run in 0...runs {
                    let classId = "bench-cert-\(students)-\(run)"
                    try seed(classId, students: students, keys: keys, on: c)
                    times.append(try request(classId, keys: keys, on: c))
                }
                let warm = times.dropFirst().sorted()
                print(String(format: "certificate.requested, %d students: first %.0f ms, median of %d %.0f ms, slowest %.0f ms (XADD to result)",
                             students, times[0] * 1_000, warm.count, warm[warm.count / 2] * 1_000, warm.last! * 1_000))
            }
            print(String(format: "  training-worker peak RSS (VmHWM) %.1f MiB", Double(QueueBenchmark.peakRSS(pid: worker.processIdentifier)) / 1_048_576))
            return 0
        } catch {
            FileHandle.standardError.write(Data("vt-bench certificate-job: \(error)\n".utf8))
            return 1
        }
    }

    /// VT_CERT_SIGNING_KEY's file, or a new key written to a temporary file.
    static func signingKeyFile() throws -> String {
        if let path = ProcessInfo.processInfo.environment[CertificateSigningKey.environmentVariable], !path.isEmpty { return path }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vt-bench-cert-\(getpid()).pem").path
        try Data(try CertificateSigningKey.generate().privateKeyPEM().utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A locked class of `students` generated students (BenchRoster's), claimed in the enrolment
    /// index, each with hours and scores, and its audit trail's `created` entry.
    static func seed(_ classId: String, students: Int, keys: QueueKeys, on c: RedisConnection) throws {
        let record = ClassRecord(classId: classId, institutionId: "bench-inst", name: "电工初级班（基准）", occupation: "electrician", level: .junior,
                                 trainingMode: .online, location: nil, plannedSize: students, state: .locked, version: 2,
                                 courses: [Course(courseId: "c-1", name: "电工基础", hours: 16)])
        let cells = (0..<students).map { BenchRoster.cells($0) }
        let encoder = RosterEntry.Encoder(addedAt: "2026-03-01T08:00:00+08:00", source: "bench")
        let roster = cells.map { row in
            (row[3], String(decoding: encoder.encode(StudentRecord(idNumber: row[3], name: row[1], gender: row[2] == "男" ? .male : .female,
                                                                   phone: row[4], studentType: row[5])), as: UTF8.self))
        }
        let hours = cells.enumerated().map { n, row in (row[3], String(36_000 + n % 9 * 2_700)) }
        let scores = cells.enumerated().map { n, row in
            (row[3], #"{"passed":\#(50 + n % 50 >= 60 && 55 + n % 45 >= 60),"practical":\#(55 + n % 45),"recordedAt":"2026-11-20T08:00:00.000Z","theory":\#(50 + n % 50)}"#)
        }
        var commands: [RedisCommand] = [.hset(ClassQuery.classKey(classId, prefix: keys.prefix), record.fields + [("rosterVersion", "1")]),
                                        RedisCommand("XADD", ClassQuery.auditKey(classId, prefix: keys.prefix), "*", "action", "created",
                                                     "actor", "institution:bench-inst", "revision", "1", "at", "2026-11-02T01:30:00.000Z")]
        for chunk in stride(from: 0, to: students, by: 1_000) {
            let end = min(chunk + 1_000, students)
            commands.append(.hset(ClassQuery.studentsKey(classId, prefix: keys.prefix), Array(roster[chunk..<end])))
            commands.append(.hset(TrainingQuery.hoursKey(classId, prefix: keys.prefix), Array(hours[chunk..<end])))
            commands.append(.hset(TrainingQuery.scoresKey(classId, prefix: keys.prefix), Array(scores[chunk..<end])))
        }
        for reply in try c.pipeline(commands) { try reply.throwingServerError() }
        let index = EnrollmentIndex(occupation: "electrician", level: .junior, prefix: keys.prefix)
        let ids = cells.map { $0[3] }
        let buckets = try index.read(buckets: EnrollmentIndex.buckets(of: ids)) { try c.pipeline($0) }
        for reply in try c.pipeline(buckets.claiming(ids)) { try reply.throwingServerError() }
    }

    /// Seconds from the request's XADD to its result.
    static func request(_ classId: String, keys: QueueKeys, on c: RedisConnection) throws -> Double {
        let id = "bench-\(classId)"
        let envelope = JobEnvelope(id: id, type: "certificate.requested", createdAt: Timestamp.rfc3339(ms: SystemClock().nowMs()),
                                   payload: ["classId": .string(classId), "institutionId": "bench-inst"])
        let producer = JobProducer(keys: keys)
        let started = DispatchTime.now().uptimeNanoseconds
        try producer.enqueue(envelope, queue: "training", on: c)
        while try c.send("EXISTS", keys.result(id)).int != 1 {
            usleep(1_000)
            guard DispatchTime.now().uptimeNanoseconds - started < 60_000_000_000 else { throw CertificateBenchmark.BenchmarkFailure("no result after 60 s") }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let result = try producer.result(of: id, on: c)
        guard result["outcome"] == "certificate_issued" else { throw CertificateBenchmark.BenchmarkFailure("\(classId): \(result)") }
        return elapsed
    }
}
