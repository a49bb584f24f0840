import DomainFixtures
import Foundation
import ImportWorkflow
import JobQueue
import Qualification
import RedisClient
import TestSupport
import Testing

/// Issue 19: the Grafana dashboard (deploy/grafana/) and the alert rules (deploy/prometheus/)
/// read only metrics the workers really export. Every `*-worker` executable built is started
/// with a metrics port (a worker added later is checked without touching this test), jobs are
/// driven through so that the families that appear only after a sample do, and each worker's
/// /metrics is linted by `promtool check metrics`.
@Suite(.serialized) struct MetricNamesTests {
    /// Series Prometheus makes itself for every target, not exported by a worker.
    static let prometheusSeries: Set<String> = ["up"]

    @Test func metricNames_areFoundInExpressions_notInLabelsFunctionsOrVariables() {
        let expr = #"histogram_quantile(0.99, sum by (queue, le) (rate(vt_job_duration_seconds_bucket{queue=~"$queue",le!="x_total"}[$__rate_interval])))"#
            + #" > 3 * queue:vt_job_duration_seconds:p99_5m offset 1h and on (queue) count(up{job="vt-workers"} == 0) or vector(0)"#
        #expect(PromQLNames.metricNames(in: expr) == ["vt_job_duration_seconds_bucket", "queue:vt_job_duration_seconds:p99_5m", "up"])
        let rules = """
        groups:
          - name: g
            rules:
              - record: a:b:c
                expr: |
                  sum by (queue) (rate(vt_jobs_dead_total[5m]))
                    / ignoring (x) vt_queue_lag
              - alert: A
                expr: vt_worker_up == 0
                for: 2m
        """
        let parsed = PromQLNames.ruleFile(rules)
        #expect(parsed.recorded == ["a:b:c"])
        #expect(parsed.expressions.map { PromQLNames.metricNames(in: $0) } == [["vt_jobs_dead_total", "vt_queue_lag"], ["vt_worker_up"]])
    }

    @Test func dashboardAndAlertRules_useOnlyMetricsTheRunningWorkersExport_andTheirMetricsPassPromtool() throws {
        let promtool = try RedisServer.executable("promtool")   // deploy/install-deps.sh installs it
        let binDirectory = builtExecutable("vtctl").deletingLastPathComponent()
        let workers = try FileManager.default.contentsOfDirectory(atPath: binDirectory.path)
            .filter { $0.hasSuffix("-worker") && FileManager.default.isExecutableFile(atPath: binDirectory.appendingPathComponent($0).path) }.sorted()
        #expect(workers.contains("notification-worker") && workers.contains("import-worker"), "workers built: \(workers)")

        let env = try QueueTestEnvironment()
        var processes: [ChildProcess] = []
        defer {
            for p in processes { p.terminate() }
            env.stop()
        }
        var ports: [String: Int] = [:]
        for worker in workers {
            var environment = env.environment(env.configuration(concurrency: 2))
            ports[worker] = try RedisServer.freePort()
            environment["VT_METRICS_PORT"] = String(ports[worker]!)
            environment["VT_LOG_LEVEL"] = "warning"
            processes.append(try ChildProcess(executable: binDirectory.appendingPathComponent(worker), environment: environment,
                                              logDirectory: env.directory, name: worker))
        }
        // A worker kind that needs settings this test does not give (a gateway, a key) may exit at
        // start: it is named and left out; one that runs must become ready.
        for (worker, process) in zip(workers, processes) {
            let ready = eventually { httpGet(port: ports[worker]!, path: "/readyz").0 == 200 || !process.isRunning }
            if !process.isRunning {
                print("note: \(worker) exited at start in the test environment, its metrics are not checked: \(process.log.suffix(400))")
                ports[worker] = nil
            } else {
                #expect(ready, "\(worker) not ready: \(process.log.suffix(400))")
            }
        }
        #expect(ports["notification-worker"] != nil && ports["import-worker"] != nil, "the workers the driven jobs need are not running")

        // Jobs through the workflows whose counter families appear only after a sample.
        let c = try env.server.connect()
        try driveNotificationAndImport(env, on: c)

        var exported: Set<String> = []
        for (worker, port) in ports.sorted(by: { $0.key < $1.key }) {
            let (status, body) = httpGet(port: port, path: "/metrics")
            #expect(status == 200, "\(worker) /metrics answered \(status)")
            let lint = try run(promtool, ["check", "metrics"], input: body)
            #expect(lint.code == 0 && lint.output.isEmpty, "promtool check metrics on \(worker)'s /metrics: \(lint.output)")
            exported.formUnion(PromQLNames.sampleNames(body))
        }
        for family in ["vt_notification_deliveries_total", "vt_import_rows_validated_total", "vt_jobs_total", "vt_job_duration_seconds_bucket"] {
            #expect(exported.contains(family), "no sample of \(family) after the driven jobs")
        }

        let rules = PromQLNames.ruleFile(try String(contentsOf: PromQLNames.deploy.appendingPathComponent("prometheus/alerts.yaml"), encoding: .utf8))
        var used: [String: Set<String>] = [:]   // metric → the files that read it
        for expr in rules.expressions {
            for name in PromQLNames.metricNames(in: expr) { used[name, default: []].insert("prometheus/alerts.yaml") }
        }
        let dashboards = try FileManager.default.contentsOfDirectory(atPath: PromQLNames.deploy.appendingPathComponent("grafana").path)
            .filter { $0.hasSuffix(".json") }
        #expect(!dashboards.isEmpty)
        for file in dashboards {
            let data = try Data(contentsOf: PromQLNames.deploy.appendingPathComponent("grafana").appendingPathComponent(file))
            for expr in try PromQLNames.dashboardQueries(Array(data)) {
                for name in PromQLNames.metricNames(in: expr) { used[name, default: []].insert("grafana/\(file)") }
            }
        }
        #expect(used.keys.contains("vt_worker_up") && used.keys.contains("vt_notification_deliveries_total"), "names read: \(used.keys.sorted())")

        let unknown = used.filter { !exported.contains($0.key) && !rules.recorded.contains($0.key) && !Self.prometheusSeries.contains($0.key) }
        let described = unknown.sorted { $0.key < $1.key }.map { "\($0.key) in \($0.value.sorted().joined(separator: ", "))" }
        #expect(unknown.isEmpty, "read but exported by no worker (\(ports.keys.sorted().joined(separator: ", "))): \(described.joined(separator: "; "))")
        let unread = exported.filter { used[$0] == nil && !$0.hasSuffix("_sum") && !$0.hasSuffix("_count") }
        if !unread.isEmpty { print("note: exported but on no dashboard or rule: \(unread.sorted().joined(separator: ", "))") }
    }

    /// A notification through the inbox, and a roster with a valid and an invalid row through
    /// an import (a certified, qualified institution with an open class first).
    func driveNotificationAndImport(_ env: QueueTestEnvironment, on c: RedisConnection) throws {
        let notification = JobEnvelope(id: "dt-notify", type: "notification.requested", createdAt: "2026-11-29T04:00:00Z", payload: [
            "notificationId": "ntf-dt-1", "institutionId": "inst-dt", "template": "certification.approved",
            "params": ["institutionName": "长沙市芙蓉区启航职业技能培训学校有限公司", "revision": 1], "channels": ["inbox"]])
        try env.producer.enqueue(notification, queue: "notification", on: c)

        try DomainFixtures.certifyAndQualify("inst-dt", keys: QualificationKeys(ImportKeys(env.keys).queue), on: c)
        let create = JobEnvelope(id: "dt-class", type: "class.created", createdAt: "2026-11-29T04:00:00Z", payload: [
            "classId": "cls-dt", "institutionId": "inst-dt", "name": "电工班", "occupation": "electrician", "level": "junior",
            "plannedSize": 30, "location": "长沙市芙蓉区"])
        try env.producer.enqueue(create, queue: "import", on: c)
        #expect(try env.producer.waitForResult(of: create.id, timeoutMs: 20_000, on: c)["outcome"] == "class_created")

        let csv = "序号,姓名,性别,身份证号,手机号,学员类型\n1,张伟,男,\(Self.idNumber("43010219900101123")),13800000001,企业职工\n"
            + "2,李娜,女,430102199202022240,1380000,农村转移劳动力\n"
        let key = "\(env.prefix):upload:dt"
        _ = try c.send(RedisCommand("SET", key, Array(csv.utf8))).throwingServerError()
        let importJob = JobEnvelope(id: "dt-import", type: "import.requested", createdAt: "2026-11-29T04:00:00Z", payload: [
            "importId": "imp-dt", "institutionId": "inst-dt", "classId": "cls-dt", "source": ["redisKey": .string(key)],
            "format": "csv", "mode": "accept_valid"])
        try env.producer.enqueue(importJob, queue: "import", on: c)
        #expect(try env.producer.waitForResult(of: importJob.id, timeoutMs: 20_000, on: c)["status"] == "done")
        #expect(try env.producer.waitForResult(of: notification.id, timeoutMs: 20_000, on: c)["status"] == "done")
    }

    /// A resident ID number: the 17 digits and their GB 11643 check character.
    static func idNumber(_ body: String) -> String {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body, weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// Runs an executable with `input` on its standard input; its exit code and both outputs.
    func run(_ executable: URL, _ arguments: [String], input: String) throws -> (code: Int32, output: String) {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        let stdin = Pipe(), out = Pipe()
        p.standardInput = stdin
        p.standardOutput = out
        p.standardError = out
        try p.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
