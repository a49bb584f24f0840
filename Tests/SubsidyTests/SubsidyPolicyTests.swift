import Foundation
import Subsidy
import Testing
import TrainingDomain

/// `SubsidyPolicy`: the shipped default, and a bad file named by its field.
@Suite struct SubsidyPolicyTests {
    @Test func shippedDefault_parses_andEqualsTheDeployFile() throws {
        let policy = try SubsidyPolicy.parse(SubsidyPolicy.defaultJSON)
        #expect(policy.amountsByLevel[.junior] == 800 && policy.amountsByLevel[.seniorTechnician] == 2500)
        #expect(policy.minimumAge == 16 && policy.maximumAge == [.male: 60, .female: 55] && policy.yearlyLimit == 3 && policy.requireOnlineHours)
        #expect(!policy.eligibleStudentTypes.contains("企业职工") && policy.eligibleStudentTypes.contains("退役军人"))
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/subsidy-policy.json")
        #expect(try SubsidyPolicy.parse(String(contentsOf: file, encoding: .utf8)) == policy)
    }

    @Test(arguments: [
        (#"{"amountsByLevel": {"junior": -1}, "eligibleStudentTypes": ["其他"]}"#, "amountsByLevel.junior"),
        (#"{"amountsByLevel": {"junior": 10.5}, "eligibleStudentTypes": ["其他"]}"#, "amountsByLevel.junior"),
        (#"{"amountsByLevel": {"master": 10}, "eligibleStudentTypes": ["其他"]}"#, "amountsByLevel.master"),
        (#"{"amountsByLevel": {}, "eligibleStudentTypes": ["其他"]}"#, "amountsByLevel"),
        (#"{"amountsByLevel": {"junior": 10}, "eligibleStudentTypes": ["学生"]}"#, "eligibleStudentTypes[0]"),
        (#"{"amountsByLevel": {"junior": 10}, "eligibleStudentTypes": ["其他"], "minimumAge": "16"}"#, "minimumAge"),
        (#"{"amountsByLevel": {"junior": 10}, "eligibleStudentTypes": ["其他"], "maximumAge": {"other": 60}}"#, "maximumAge.other"),
        (#"{"amountsByLevel": {"junior": 10}, "eligibleStudentTypes": ["其他"], "minimumAge": 30, "maximumAge": {"male": 20}}"#, "maximumAge.male"),
        (#"{"amountsByLevel": {"junior": 10}, "eligibleStudentTypes": ["其他"], "yearlyLimit": 0}"#, "yearlyLimit"),
        (#"{"amountsByLevel": {"junior": 10}, "eligibleStudentTypes": ["其他"], "requireOnlineHours": "yes"}"#, "requireOnlineHours"),
        (#"{"amountsByLevel": {"junior": 10}, "eligibleStudentTypes": ["其他"], "amount": 1}"#, "amount"),
        ("[1]", "(file)"), ("{", "(file)"),
    ])
    func badFile_namesTheField(text: String, field: String) {
        #expect(throws: SubsidyPolicy.Invalid.self) { try SubsidyPolicy.parse(text) }
        do { _ = try SubsidyPolicy.parse(text) } catch { #expect(error.field == field && error.description.contains(field)) }
    }

    @Test func load_readsTheFileNamed_orSaysItCannot() throws {
        #expect(try SubsidyPolicy.load(environment: [:]) == .shippedDefault)
        let custom = #"{"amountsByLevel": {"senior": 3000}, "eligibleStudentTypes": ["其他"], "requireOnlineHours": false}"#
        let policy = try SubsidyPolicy.load(environment: ["VT_SUBSIDY_POLICY": "/p.json"]) { $0 == "/p.json" ? custom : nil }
        #expect(policy.amountsByLevel == [.senior: 3000] && !policy.requireOnlineHours && policy.yearlyLimit == 3)
        do { _ = try SubsidyPolicy.load(environment: ["VT_SUBSIDY_POLICY": "/missing.json"]) { _ in nil } } catch {
            #expect(error.field == "VT_SUBSIDY_POLICY" && error.description.contains("/missing.json"))
        }
    }
}
