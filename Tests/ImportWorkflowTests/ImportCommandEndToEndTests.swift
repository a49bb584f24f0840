import CertificationQueries
import DepartmentReview
import DomainFixtures
import Foundation
import ImportScan
import ImportWorkflow
import JobQueue
import Qualification
import QualificationQueries
import RedisClient
import Spreadsheet
import TestSupport
import Testing
import WorkflowKernel

/// The real `import-worker` and `vtctl` executables against a real redis-server: the template,
/// a class, a roster import with bad rows, and the report, all from the command line.
@Suite struct ImportCommandEndToEndTests {
    @Test func vtctl_templateClassImportAndReport() throws {
        let (env, c, keys) = try ImportReportTests.qualifiedInstitution("inst-9")
        defer { env.stop() }
        let worker = try ChildProcess(executable: builtExecutable("import-worker"), environment: env.environment(env.configuration(concurrency: 2)),
                                      logDirectory: env.directory, name: "import")
        defer { worker.terminate() }

        // The template: the header alone, in the contract's order (the example is on the .xlsx's 说明 sheet).
        let templatePath = env.directory.appendingPathComponent("template.csv").path
        #expect(try env.runVtctl(["template", "students", "--format", "csv", "--out", templatePath]).code == 0)
        let template = try #require(FileManager.default.contents(atPath: templatePath))
        #expect(template.starts(with: [0xEF, 0xBB, 0xBF]))
        let templateText = String(decoding: template.dropFirst(3), as: UTF8.self)
        #expect(templateText == "序号,姓名,性别,身份证号,手机号,学员类型\r\n")

        let classFile = env.directory.appendingPathComponent("class.json")
        try JSONValue.object(["classId": "cls-9", "institutionId": "inst-9", "name": "电工初级班", "occupation": "electrician", "level": "junior",
                              "plannedSize": 30, "location": "长沙市芙蓉区"]).jsonString.write(to: classFile, atomically: true, encoding: .utf8)
        let created = try env.runVtctl(["enqueue", "--type", "class.created", "--file", classFile.path, "--wait"])
        #expect(created.code == 0 && created.out.contains("class_created"), "\(created.out)")

        // The template filled in: two students and two bad rows.
        let roster = templateText + "1,周一,男,\(IDs.male(1)),13800138000,农村转移劳动力\n2,李四,男,\(IDs.male(2)),13800138001,其他\n3,王五,男,123,13800138002,其他\n4,赵六,女,\(IDs.male(3)),1380013,其他\n"
        let rosterPath = env.directory.appendingPathComponent("roster.csv").path
        try roster.write(toFile: rosterPath, atomically: true, encoding: .utf8)
        let refused = try env.runVtctl(["import", "run", "--class", "cls-9", "--file", rosterPath, "--import-id", "imp-a"])
        #expect(refused.code == 0, "\(refused.out)")
        #expect(refused.out.contains("done: import_refused"))
        #expect(refused.out.contains("第4行  身份证号"))
        #expect(refused.out.contains("id.length"))
        #expect(refused.out.contains("第5行"))
        #expect(try c.send("HLEN", keys.students("cls-9")).int == 0)

        let partial = try env.runVtctl(["--json", "import", "run", "--class", "cls-9", "--file", rosterPath, "--mode", "accept_valid",
                                        "--import-id", "imp-b"])
        #expect(try JSONValue.parse(partial.out)["outcome"]?.stringValue == "partially_imported", "\(partial.out)")
        #expect(try c.send("HLEN", keys.students("cls-9")).int == 2)

        let report = try JSONValue.parse(try env.runVtctl(["--json", "import", "report", "imp-b", "--errors", "1"]).out)
        #expect(report["report"]?["acceptedRows"]?.stringValue == "2")
        #expect(report["report"]?["invalidRows"]?.stringValue == "2")
        #expect(report["errorCount"]?.intValue == 3)
        #expect(report["errors"]?.arrayValue?.count == 1)
        #expect(report["errors"]?.arrayValue?.first?["row"]?.intValue == 4)
        // The downloadable error report, as .xlsx and as .csv: the invalid rows with 错误原因.
        let xlsxOut = env.directory.appendingPathComponent("errors.xlsx").path
        let csvOut = env.directory.appendingPathComponent("errors.csv").path
        #expect(try env.runVtctl(["import", "report", "imp-b", "--errors-out", xlsxOut]).code == 0)
        #expect(try env.runVtctl(["import", "report", "imp-b", "--errors-out", csvOut]).code == 0)
        var reportRows: [SheetRecord] = []
        try XlsxReader.forEachRecord(in: try #require(LocalFile(path: xlsxOut))) { reportRows.append($0) }
        #expect(reportRows.map(\.row) == [1, 2, 3])
        #expect(reportRows.first?.fields == StudentTemplate.header + ["错误原因"])
        #expect(reportRows.dropFirst().map { $0.fields[1] } == ["王五", "赵六"])
        #expect(reportRows.last?.fields.last?.contains("手机号") == true)
        let csvRows = try CSVReader.records(Array(try #require(FileManager.default.contents(atPath: csvOut))))
        #expect(csvRows.map(\.fields) == reportRows.map(\.fields))
        #expect(try env.runVtctl(["import", "report", "imp-nope"]).code == 1)
        #expect(try env.runVtctl(["import", "run", "--class", "cls-none", "--file", rosterPath]).code == 1)
        #expect(try env.runVtctl(["import", "run", "--class", "cls-9", "--file", rosterPath, "--mode", "some"]).code == 2)

        // The .xlsx template (学员名单 + 说明), filled in and imported as .xlsx into a second class.
        let xlsxTemplate = env.directory.appendingPathComponent("template.xlsx").path
        #expect(try env.runVtctl(["template", "students", "--out", xlsxTemplate]).code == 0)
        var templateRows: [SheetRecord] = []
        try XlsxReader.forEachRecord(in: try #require(LocalFile(path: xlsxTemplate))) { templateRows.append($0) }
        #expect(templateRows.first?.fields == StudentTemplate.header)
        #expect(templateRows.count == 1)
        var filled = XlsxWriter()
        filled.addSheet(name: "学员名单", rows: [StudentTemplate.header, ["1", "周一", "男", IDs.male(1), "13800138000", "企业职工"], ["2", "孙八", "男", IDs.male(8), "+8613800138008", "退役军人"]])
        let filledPath = env.directory.appendingPathComponent("filled.xlsx").path
        #expect(FileManager.default.createFile(atPath: filledPath, contents: Data(filled.finish())))
        try JSONValue.object(["classId": "cls-10", "institutionId": "inst-9", "name": "电工初级二班", "occupation": "electrician", "level": "junior",
                              "plannedSize": 30, "location": "长沙市芙蓉区"]).jsonString.write(to: classFile, atomically: true, encoding: .utf8)
        #expect(try env.runVtctl(["enqueue", "--type", "class.created", "--file", classFile.path, "--wait"]).code == 0)
        // 周一 joined cls-9, of the same occupation and level: not cls-10 too (id.enrolled_elsewhere).
        let xlsxImport = try env.runVtctl(["import", "run", "--class", "cls-10", "--file", filledPath, "--mode", "accept_valid"])
        #expect(xlsxImport.code == 0 && xlsxImport.out.contains("done: partially_imported"), "\(xlsxImport.out)")
        #expect(try c.send("HKEYS", keys.students("cls-10")).array?.compactMap(\.string) == [IDs.male(8)])
    }
}
