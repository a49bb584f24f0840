import Foundation
import Testing
@testable import TrainingDomain

@Test func skillLevel_rawValuesAndNames_matchContract() {
    #expect(SkillLevel.allCases.map(\.rawValue) == ["junior", "intermediate", "senior", "technician", "senior_technician", "none"])
    #expect(SkillLevel.junior.chineseName == "初级")
    #expect(SkillLevel.seniorTechnician.chineseName == "高级技师")
    #expect(SkillLevel.seniorTechnician.grade == "一级")
    #expect(SkillLevel.senior.displayName == "高级（三级）")
    #expect(SkillLevel.none.displayName == "不分等级")
}

@Test func occupationCatalog_embedded_loadsOccupationsAndLevels() throws {
    let catalog = OccupationCatalog.embedded
    #expect(catalog.occupations.count == 46)
    #expect(catalog.levels.map(\.code) == SkillLevel.allCases)
    let electrician = try #require(catalog.occupation(code: "electrician"))
    #expect(electrician.name == "电工")
    #expect(electrician.category == "机电装备制造类")
    #expect(!electrician.shortTerm)
    #expect(catalog.offers(occupation: "electrician", level: .seniorTechnician))
    #expect(!catalog.offers(occupation: "bricklayer", level: .technician))
    #expect(!catalog.offers(occupation: "unknown", level: .junior))
    #expect(catalog.name(of: .none) == "不分等级")
}

@Test func occupationCatalog_shortTermItems_haveNoLevel() {
    let shortTerm = OccupationCatalog.embedded.occupations.filter(\.shortTerm)
    #expect(!shortTerm.isEmpty)
    #expect(shortTerm.allSatisfy { $0.levels == [.none] })
    #expect(OccupationCatalog.embedded.categories.first == "机电装备制造类")
    #expect(OccupationCatalog.embedded.occupations(inCategory: "创业培训类").count == 2)
}

@Test func occupationCatalog_whenDuplicateCodeOrUnknownLevel_throws() {
    let duplicate = #"{"occupations":[{"code":"a","name":"甲","category":"c","levels":["junior"],"shortTerm":false},"# +
        #"{"code":"a","name":"乙","category":"c","levels":["junior"],"shortTerm":false}]}"#
    #expect(throws: DomainDataError.self) { try OccupationCatalog(jsonData: Data(duplicate.utf8)) }
    let unknownLevel = #"{"occupations":[{"code":"a","name":"甲","category":"c","levels":["master"],"shortTerm":false}]}"#
    #expect(throws: DecodingError.self) { try OccupationCatalog(jsonData: Data(unknownLevel.utf8)) }
}

@Test func studentTypeCatalog_embedded_hasTheTenTemplateLabels() {
    let catalog = StudentTypeCatalog.embedded
    #expect(catalog.labels.count == 10)
    #expect(catalog.labels.first == "农村转移劳动力")
    #expect(catalog.labels.last == "其他")
    #expect(catalog.contains("退役军人"))
    #expect(!catalog.contains("学生"))
}
