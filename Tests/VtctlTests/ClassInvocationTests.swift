import JobQueue
import Testing
@testable import vtctl

/// The clerk's `class` and `scores` command lines, parsed without running anything: the payload
/// parts they build from their options, their files, and their usage errors.
@Suite struct ClassInvocationTests {
    @Test func classCreate_buildsThePayloadFromItsOptions_orTakesAFile() throws {
        let line = "class create --class c1 --institution i1 --name 电工班 --occupation electrician --level junior --planned-size 30 --location 长沙"
        #expect(try command(line) == ClassCommand.Create(input: .options([
            "classId": "c1", "institutionId": "i1", "name": "电工班", "occupation": "electrician", "level": "junior", "plannedSize": 30,
            "location": "长沙"]), timeoutSeconds: 30))
        let online = try command("class create --class c1 --institution i1 --name n --occupation o --level l --planned-size many --mode online",
                                 as: ClassCommand.Create.self)
        #expect(online?.input == .options(["classId": "c1", "institutionId": "i1", "name": "n", "occupation": "o", "level": "l",
                                           "plannedSize": "many", "trainingMode": "online"]), "a size that is not a number is left for the decoder")
        #expect(try command("class create --file class.json --timeout 5") == ClassCommand.Create(input: .file("class.json"), timeoutSeconds: 5))
        #expect(usageError("class create --class c1 --institution i1 --name n --occupation o --level l --planned-size 3")
                == "--location is required unless --mode online")
        #expect(usageError("class create --class c1 --name n") == "--institution is required")
        #expect(usageError("class create --file f.json --class c1 --name n") == "give --file or --class, --name, not both")
    }

    @Test func classShowListStudents_parse() throws {
        #expect(try command("class show c1") == ClassCommand.Show(classId: "c1"))
        #expect(usageError("class show") == "CLASS is required")
        #expect(try command("class list --institution i1") == ClassCommand.List(institutionId: "i1"))
        #expect(usageError("class list") == "--institution is required")
        #expect(try command("class students c1") == ClassCommand.Students(classId: "c1", withHours: false, withScores: false))
        #expect(try command("class students c1 --with-scores --with-hours --json") == ClassCommand.Students(classId: "c1", withHours: true, withScores: true))
        #expect(usageError("class students c1 --with-grades") == "unknown option --with-grades")
        #expect(usageError("class close c1")?.hasPrefix("unknown subcommand class close (create, show, list, publish, students") == true)
    }

    @Test func classPublish_takesRepeatedCourses_idUpToTheFirstColon_hoursAfterTheLast() throws {
        #expect(try command("class publish c1 --course c-1:电工基础:16 --course c-2:安全:用电:8 --institution i1") == ClassCommand.Publish(
            classId: "c1", institutionId: "i1", courses: .options([["courseId": "c-1", "name": "电工基础", "hours": 16],
                                                                    ["courseId": "c-2", "name": "安全:用电", "hours": 8]]), timeoutSeconds: 30))
        #expect(try command("class publish c1") == ClassCommand.Publish(classId: "c1", institutionId: nil, courses: .options([]), timeoutSeconds: 30))
        #expect(try command("class publish c1 --course c-1:基础:sixteen", as: ClassCommand.Publish.self)?.courses
                == .options([["courseId": "c-1", "name": "基础", "hours": "sixteen"]]))
        #expect(try command("class publish c1 --file courses.json") == ClassCommand.Publish(classId: "c1", institutionId: nil, courses: .file("courses.json"),
                                                                                              timeoutSeconds: 30))
        #expect(usageError("class publish c1 --course c-1:16") == "--course takes ID:NAME:HOURS (c-1:电工基础:16), got c-1:16")
        #expect(usageError("class publish c1 --file f --course c:n:1") == "give --file or --course, not both")
        #expect(usageError("class publish --course c:n:1") == "CLASS is required")
    }

    @Test func classAddAndRemoveStudent_needEveryField() throws {
        #expect(try command("class add-student c1 --name 张三 --gender 男 --id 430102199001011012 --phone 13800138000 --type 其他")
                == ClassCommand.AddStudent(classId: "c1", institutionId: nil, student: .options([
                    "name": "张三", "gender": "男", "idNumber": "430102199001011012", "phone": "13800138000", "studentType": "其他"]), timeoutSeconds: 30))
        #expect(try command("class add-student c1 --file s.json --institution i1")
                == ClassCommand.AddStudent(classId: "c1", institutionId: "i1", student: .file("s.json"), timeoutSeconds: 30))
        #expect(usageError("class add-student c1 --name 张三 --gender 男 --id 1 --phone 1") == "--type is required")
        #expect(try command("class remove-student c1 --id 430102199001011012 --timeout 9")
                == ClassCommand.RemoveStudent(classId: "c1", institutionId: nil, idNumber: "430102199001011012", timeoutSeconds: 9))
        #expect(usageError("class remove-student c1") == "--id is required")
    }

    @Test func scoresSet_scoresAsNumbers_otherTextLeftForTheDecoder() throws {
        #expect(try command("scores set c1 --id X1 --theory 88.5 --practical ９０") == ScoresCommand.SetScores(
            classId: "c1", institutionId: nil, scores: .options([["idNumber": "X1", "theory": 88.5, "practical": 90]]), timeoutSeconds: 30))
        #expect(try command("scores set c1 --id X1 --theory 九十 --practical 100.001", as: ScoresCommand.SetScores.self)?.scores
                == .options([["idNumber": "X1", "theory": "九十", "practical": 100.001]]))
        #expect(try command("scores set c1 --id X1 --theory -5 --practical 1e2", as: ScoresCommand.SetScores.self)?.scores
                == .options([["idNumber": "X1", "theory": -5, "practical": "1e2"]]), "a score as a file's cell reads: 1e2 is not one")
        #expect(try command("scores set c1 --file s.json") == ScoresCommand.SetScores(classId: "c1", institutionId: nil, scores: .file("s.json"),
                                                                                       timeoutSeconds: 30))
        #expect(try command("scores set c1 --id X1 --theory \"\" --practical 1-2", as: ScoresCommand.SetScores.self)?.scores
                == .options([["idNumber": "X1", "theory": "\"\"", "practical": "1-2"]]))
        #expect(ScoresCommand.SetScores.score("") == .null && ScoresCommand.SetScores.score(" 85 ") == 85)
        #expect(usageError("scores set c1 --id X1 --theory 90") == "--practical is required")
        #expect(usageError("scores set c1 --id X1 --id X2 --theory 90 --practical 90") == "--id is given twice")
    }

    @Test func scoresImportAndReport_areImportRunAndReport() throws {
        #expect(try command("scores import c1 --file s.xlsx --mode accept_valid --import-id simp-1") == ScoresCommand.Import(upload: ImportCommand.Run(
            classId: "c1", institutionId: nil, file: "s.xlsx", mode: "accept_valid", format: "auto", importId: "simp-1", timeoutSeconds: 30)))
        #expect(usageError("scores import c1") == "--file is required")
        #expect(usageError("scores import c1 --file s.csv --mode some") == "--mode must be all_or_nothing or accept_valid")
        #expect(usageError("scores import --file s.csv") == "CLASS is required")
        #expect(try command("scores report simp-1 --errors-out e.csv") == ScoresCommand.Report(report: ImportCommand.Report(
            importId: "simp-1", errorLimit: 20, errorsOut: "e.csv")))
        #expect(usageError("scores report simp-1 --errors-out e.pdf") == "--errors-out must name a .csv or .xlsx file")
    }

    @Test func repeatableOptions_keepTheirOrder_othersStillRefuseRepeats() throws {
        let args = try Arguments.parse(["--course", "a", "--x", "1", "--course=b"], values: ["x"], flags: [], lists: ["course"])
        #expect(args.lists["course"] == ["a", "b"] && args.values["x"] == "1")
        #expect(throws: UsageError("--x is given twice")) { try Arguments.parse(["--x", "1", "--x", "2"], values: ["x"], flags: [], lists: ["course"]) }
    }
}
