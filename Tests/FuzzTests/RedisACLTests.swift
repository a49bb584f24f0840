import Foundation
import JobQueue
import RedisClient
import TestSupport
import Testing
import TrainingDomain

/// Redis AUTH with the ACL users shipped in `deploy/redis/users.acl` (issue #8 item 3): a
/// redis-server started with that file (made for the test's prefix by `deploy/redis/make-acl.sh`),
/// the five real workers as `vt-worker` and `vtctl` as `vt-vtctl` through the whole platform flow;
/// then the commands and keys they must not reach are refused.
@Suite struct RedisACLTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Users {
        let env: QueueTestEnvironment
        let worker: String
        let vtctl: String

        func url(_ user: String, _ password: String) -> String { "redis://\(user):\(password)@127.0.0.1:\(env.server.port)/0" }
        var workerURL: String { url("vt-worker", worker) }
        var vtctlURL: String { url("vt-vtctl", vtctl) }
    }

    /// Makes the ACL file for a fresh prefix with the shipped script and starts Redis with it.
    static func start() throws -> Users {
        let prefix = "t\(UInt32.random(in: 0...UInt32.max))"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vt-acl-\(UUID().uuidString)")
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/bin/bash")
        make.arguments = [root.appendingPathComponent("deploy/redis/make-acl.sh").path, dir.path, prefix]
        make.standardOutput = FileHandle.nullDevice
        try make.run()
        make.waitUntilExit()
        guard make.terminationStatus == 0 else { throw RedisError(.configuration, "make-acl.sh failed") }
        func password(_ who: String) throws -> String {
            try String(contentsOf: dir.appendingPathComponent("\(who).password"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let server = try RedisServer(password: try password("admin"), extraArguments: ["--aclfile", dir.appendingPathComponent("users.acl").path])
        let users = Users(env: QueueTestEnvironment(server: server, prefix: prefix), worker: try password("worker"), vtctl: try password("vtctl"))
        try? FileManager.default.removeItem(at: dir)
        return users
    }

    /// The error a command gets as `url`'s user, or nil when it succeeds.
    static func refusal(_ url: String, _ arguments: [String]) -> String? {
        do {
            let c = try RedisConnection(try RedisConfiguration(url: url))
            _ = try c.send(RedisCommand(arguments[0], Array(arguments.dropFirst()))).throwingServerError()
            return nil
        } catch {
            return String(describing: error)
        }
    }

    func write(_ json: String, in env: QueueTestEnvironment, _ name: String) throws -> String {
        let file = env.directory.appendingPathComponent(name)
        try json.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func workersAndVtctl_runTheWholeFlowUnderTheirACLUsers_andForbiddenCommandsAreRefused() throws {
        let users = try Self.start()
        let env = users.env
        defer { env.stop() }
        var workers: [ChildProcess] = []
        defer { for w in workers { w.terminate() } }
        for name in ["certification-worker", "qualification-worker", "import-worker", "notification-worker", "training-worker"] {
            var environment = env.environment(env.configuration(concurrency: 2))
            environment["VT_REDIS_URL"] = users.workerURL
            workers.append(try ChildProcess(executable: builtExecutable(name), environment: environment, logDirectory: env.directory, name: name))
        }
        func vtctl(_ arguments: [String]) throws -> (code: Int32, out: String) { try env.runVtctl(arguments, redisURL: users.vtctlURL) }

        #expect(try vtctl(["reviewer", "add", "rv-1", "--department", "430100", "--name", "审核员"]).code == 0)
        let submission = Self.root.appendingPathComponent("schemas/examples/certification.submitted/valid/furong-company-with-logo.json").path
        let submitted = try vtctl(["certification", "submit", "--file", submission])
        #expect(submitted.code == 0 && submitted.out.contains("pending_review"), "\(submitted.out)")
        let decided = try vtctl(["review", "decide", "--institution", "inst-cs-furong-qihang", "--revision", "1", "--reviewer", "rv-1",
                                 "--department", "430100", "--decision", "approve"])
        #expect(decided.code == 0 && decided.out.contains("approved"), "\(decided.out)")

        let application = try write(#"{"applicationId": "app-acl", "institutionId": "inst-cs-furong-qihang", "departmentId": "430100", "items": [{"occupation": "electrician", "level": "junior"}]}"#, in: env, "application.json")
        #expect(try vtctl(["qualification", "apply", "--file", application]).code == 0)
        let qualified = try vtctl(["review", "decide", "--kind", "qualification", "--application", "app-acl", "--revision", "1",
                                   "--reviewer", "rv-1", "--department", "430100", "--decision", "approve"])
        #expect(qualified.code == 0, "\(qualified.out)")

        let classFile = try write(#"{"classId": "cls-acl", "institutionId": "inst-cs-furong-qihang", "name": "电工班", "occupation": "electrician", "level": "junior", "plannedSize": 30, "location": "长沙市芙蓉区"}"#, in: env, "class.json")
        let created = try vtctl(["enqueue", "--type", "class.created", "--file", classFile, "--wait"])
        #expect(created.code == 0 && created.out.contains("class_created"), "\(created.out)")
        let admin = try env.server.connect()
        let first17 = "43010219900101001"
        let id = first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
        _ = try admin.send("SET", "\(env.prefix):upload:acl", "姓名,性别,身份证号,手机号,学员类型\n张三,男,\(id),13800138000,其他\n").throwingServerError()
        let importFile = try write(#"{"importId": "imp-acl", "institutionId": "inst-cs-furong-qihang", "classId": "cls-acl", "source": {"redisKey": "\#(env.prefix):upload:acl"}}"#, in: env, "import.json")
        let imported = try vtctl(["enqueue", "--type", "import.requested", "--file", importFile, "--wait"])
        #expect(imported.code == 0 && imported.out.contains("imported"), "\(imported.out)")
        // vtctl's own upload path: the file goes to {p}:upload:{importId}, then the report.
        let roster = try write("姓名,性别,身份证号,手机号,学员类型\n张三,男,\(id),13800138001,其他\n", in: env, "roster.csv")
        let run = try vtctl(["import", "run", "--class", "cls-acl", "--file", roster, "--import-id", "imp-acl-2"])
        #expect(run.code == 0 && run.out.contains("import_refused") && run.out.contains("id.enrolled"), "\(run.out)")
        #expect(try vtctl(["import", "report", "imp-acl-2"]).code == 0)
        // The roster is locked, the student learns (a batched commit with its claim) and gets scores.
        let publish = try write(#"{"classId": "cls-acl", "institutionId": "inst-cs-furong-qihang"}"#, in: env, "publish.json")
        let published = try vtctl(["enqueue", "--type", "class.tasksPublished", "--file", publish, "--wait"])
        #expect(published.code == 0 && published.out.contains("tasks_published"), "\(published.out)")
        let learning = try write(#"{"recordId": "rec-acl", "classId": "cls-acl", "idNumber": "\#(id)", "courseId": "c-1", "seconds": 600, "occurredAt": "2026-11-29T08:00:00Z"}"#, in: env, "learning.json")
        let learned = try vtctl(["enqueue", "--type", "learning.recorded", "--file", learning, "--wait"])
        #expect(learned.code == 0 && learned.out.contains("recorded"), "\(learned.out)")
        let again = try vtctl(["enqueue", "--type", "learning.recorded", "--file", learning, "--wait"])
        #expect(again.code == 0 && again.out.contains("already_counted"), "\(again.out)")
        let scores = try write(#"{"classId": "cls-acl", "institutionId": "inst-cs-furong-qihang", "scores": [{"idNumber": "\#(id)", "theory": 88.5, "practical": 91}]}"#, in: env, "scores.json")
        let scored = try vtctl(["enqueue", "--type", "scores.recorded", "--file", scores, "--wait"])
        #expect(scored.code == 0 && scored.out.contains("scores_recorded"), "\(scored.out)")

        // The notification worker delivered the workflow's notifications to the inbox.
        #expect(eventually { try admin.send("XLEN", "\(env.prefix):inbox:inst-cs-furong-qihang").int ?? 0 >= 6 })
        let inbox = try vtctl(["inbox", "list", "inst-cs-furong-qihang"])
        #expect(inbox.code == 0 && inbox.out.contains("班级"), "\(inbox.out)")
        for w in workers {
            #expect(w.isRunning)
            #expect(!w.log.contains("NOPERM"), "a worker met an ACL refusal: \(w.log.suffix(1_000))")
        }
        for name in ["certification", "qualification", "import", "notification", "training"] {
            #expect(try admin.send("XLEN", env.keys.dead(name)).int == 0, "\(name) dead-lettered something")
        }

        // A job the worker cannot handle is dead-lettered with its history; an operator replays it
        // (the replay script writes the history too) and reads both through vtctl.
        _ = try admin.send("XADD", env.keys.queue("certification"), "*", "job",
                           #"{"id":"acl-dead","type":"certification.unknown","version":1,"createdAt":"2026-11-29T08:00:00Z","payload":{}}"#)
        #expect(eventually { try admin.send("XLEN", env.keys.dead("certification")).int == 1 })
        #expect(try vtctl(["dead", "retry", "certification", "--all"]).code == 0)
        #expect(eventually { try admin.send("XLEN", env.keys.dead("certification")).int == 1 && (try admin.send("LLEN", env.keys.history("acl-dead")).int == 3) })
        let shown = try vtctl(["job", "show", "acl-dead"])
        #expect(shown.code == 0 && shown.out.contains("replayed") && shown.out.contains("dead_lettered"), "\(shown.out)")
        for w in workers { #expect(!w.log.contains("NOPERM"), "a worker met an ACL refusal: \(w.log.suffix(1_000))") }

        // What the restricted users may not do.
        let outside = "other:\(env.prefix)"
        for url in [users.workerURL, users.vtctlURL] {
            for forbidden in [["FLUSHALL"], ["FLUSHDB"], ["CONFIG", "GET", "*"], ["KEYS", "*"], ["SHUTDOWN"],
                              ["ACL", "LIST"], ["EVAL", "return 1", "0"], ["GET", outside], ["SET", outside, "x"], ["DEL", "\(env.prefix)x"],
                              ["SCAN", "0"], ["PUBLISH", "c", "m"], ["MODULE", "LIST"]] {
                let refused = Self.refusal(url, forbidden)
                #expect(refused?.contains("NOPERM") == true, "\(forbidden) as \(url.split(separator: ":")[1].dropFirst(2)) gave \(refused ?? "success")")
            }
        }
        #expect(Self.refusal(users.vtctlURL, ["XREADGROUP", "GROUP", "certification-workers", "x", "COUNT", "1", "STREAMS", env.keys.queue("certification"), ">"])?
            .contains("NOPERM") == true, "vtctl cannot consume jobs")
        #expect(Self.refusal(users.url("vt-worker", "wrong"), ["PING"]) != nil, "a wrong password is refused")
        #expect(Self.refusal(users.workerURL, ["GET", "\(env.prefix):upload:acl"]) == nil, "the prefix's keys are reachable")
        #expect(try admin.send("EXISTS", outside).int == 0)
    }
}
