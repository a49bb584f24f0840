import ClassQueries
import Foundation
import ImportWorkflow
import JobQueue
import RedisClient
import TestSupport
import Testing

/// One open class per student, occupation and level, under concurrency: two real
/// `import-worker` processes import overlapping students into two classes of one occupation and
/// level at the same moment, ten times (small files staged after the scan, and large ones staged
/// by the stager thread while they are read). Every student ends on exactly one roster, the
/// enrolment index holds exactly the students of the rosters, and each report adds up.
@Suite struct ConcurrentImportTests {
    /// Rows of the two files of repetition `rep`: (first, last) student numbers of each.
    static func plan(_ rep: Int) -> (rows: Int, a: Range<Int>, b: Range<Int>) {
        let rows = rep % 5 == 4 ? 18_000 : 1_500
        // Even repetitions: the same students in both files; odd ones: half of them shared.
        return rep % 2 == 0 ? (rows, 0..<rows, 0..<rows) : (rows, 0..<rows, rows / 2..<rows / 2 + rows)
    }

    /// Student `n` of repetition `rep`: IDs distinct across repetitions (birth dates by repetition).
    static func id(_ n: Int, rep: Int) -> String {
        IDs.make(n % 1_000, born: String(format: "19%02d%02d%02d", 70 + rep, 1 + n / 28_000, 1 + (n / 1_000) % 28))
    }

    static func file(_ students: Range<Int>, rep: Int) -> String {
        var text = ImportWorkerTests.header
        for (row, n) in students.enumerated() {
            text += "\(row + 1),张三,\(n % 1_000 % 2 == 1 ? "男" : "女"),\(id(n, rep: rep)),13800138000,其他\n"
        }
        return text
    }

    @Test func twoWorkersImportOverlappingStudents_intoTwoClassesOfOneOccupationAndLevel_everyStudentInExactlyOne() throws {
        let (env, c, keys) = try ImportReportTests.qualifiedInstitution("inst-c")
        defer { env.stop() }
        var environment = env.environment(env.configuration(concurrency: 1))
        environment["VT_CLOCK_OFFSET_MS"] = String(ClassWorkerTests.startMs - SystemClock().nowMs())
        let ports = try (1...2).map { _ in try RedisServer.freePort() }
        let workers = try (1...2).map { n in
            var own = environment
            own["VT_METRICS_PORT"] = String(ports[n - 1])
            return try ChildProcess(executable: builtExecutable("import-worker"), environment: own, logDirectory: env.directory, name: "import-\(n)")
        }
        defer { for w in workers { _ = w.terminate() } }
        func run(_ id: String, _ type: String, _ payload: JSONValue) throws -> [String: String] {
            try env.producer.enqueue(JobEnvelope(id: id, type: type, createdAt: "2026-11-29T04:00:00Z", payload: payload), queue: "import", on: c)
            return try env.producer.waitForResult(of: id, timeoutMs: 60_000, on: c)
        }
        let index = keys.enrollment(occupation: "electrician", level: .junior)
        let allBuckets = Array(0..<EnrollmentIndex.bucketCount)
        var indexed = 0
        var contested = 0
        for rep in 0..<10 {
            let (rows, a, b) = Self.plan(rep)
            var imports: [(job: String, classId: String)] = []
            for (side, students) in [("a", a), ("b", b)] {
                let classId = "class-\(rep)-\(side)"
                #expect(try run("create-\(classId)", ClassPayload.createdType, ClassCreateRequest(
                    classId: classId, institutionId: "inst-c", name: "班级\(classId)", occupation: "electrician", level: .junior,
                    plannedSize: 10_000, trainingMode: .online, location: nil).json)["outcome"] == "class_created")
                _ = try c.send("SET", "upload:\(classId)", Self.file(students, rep: rep)).throwingServerError()
                imports.append(("import-\(classId)", classId))
            }
            // Both enqueued in one round trip: each worker takes one, and they run side by side.
            _ = try c.pipeline(imports.map { imp in
                env.producer.enqueueCommand(JobEnvelope(id: imp.job, type: ImportPayload.type, createdAt: "2026-11-29T04:00:00Z",
                                                        payload: ImportRequest(importId: "imp-\(imp.classId)", institutionId: "inst-c",
                                                                               classId: imp.classId, source: .redisKey("upload:\(imp.classId)"),
                                                                               format: "csv", mode: .acceptValid).json), queue: "import")
            })
            let results = try imports.map { try env.producer.waitForResult(of: $0.job, timeoutMs: 120_000, on: c) }
            #expect(results.allSatisfy { ["imported", "partially_imported"].contains($0["outcome"]) }, "rep \(rep): \(results)")
            let rosters = try imports.map { Set((try c.send("HKEYS", keys.students($0.classId)).array ?? []).compactMap(\.string)) }
            let everyone = Set(a.map { Self.id($0, rep: rep) }).union(b.map { Self.id($0, rep: rep) })
            #expect(rosters[0].isDisjoint(with: rosters[1]), "rep \(rep): \(rosters[0].intersection(rosters[1]).count) students in both classes")
            #expect(rosters[0].union(rosters[1]) == everyone, "rep \(rep): \(everyone.count - rosters[0].union(rosters[1]).count) students in neither")
            for (imp, roster) in zip(imports, rosters) {
                let report = try c.send("HGETALL", keys.report("imp-\(imp.classId)")).fieldMap
                #expect(report["acceptedRows"] == String(roster.count) && report["totalRows"] == String(rows), "rep \(rep): \(report)")
                let codes = Set(try (c.send("LRANGE", keys.errors("imp-\(imp.classId)"), 0, -1).array ?? [])
                    .compactMap { try $0.string.map { try JSONValue.parse($0)["code"]?.stringValue } })
                #expect(codes.isSubset(of: ["id.enrolled_elsewhere"]), "rep \(rep): \(codes)")
            }
            if rosters.allSatisfy({ !$0.isEmpty }) && a == b { contested += 1 }
            let read = try index.read(buckets: allBuckets) { try c.pipeline($0) }
            #expect(everyone.allSatisfy(read.contains), "rep \(rep): a student on a roster is missing from the index")
            indexed += everyone.count
            #expect(read.count == indexed, "rep \(rep): the index holds \(read.count) entries, the rosters \(indexed)")
        }
        // With the same students in both files, one import takes them all: the other finds them enrolled elsewhere.
        #expect(contested == 0, "\(contested) repetitions split identical files between the classes")
        // Commits whose guards failed (the enrolment index's bucket versions among them): the imports did overlap.
        let conflicts = ports.map { port in
            httpGet(port: port, path: "/metrics").1.split(separator: "\n")
                .first { $0.hasPrefix("vt_guard_conflicts_total") }.flatMap { $0.split(separator: " ").last.flatMap { Int($0) } } ?? 0
        }
        print("concurrent imports: 10 repetitions, \(indexed) students, each in exactly one class; guard conflicts per worker \(conflicts)")
    }
}
