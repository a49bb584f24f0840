import Foundation
import Testing
@testable import TrainingDomain

@Test func regionCatalog_embedded_has14PrefecturesAnd122Counties() {
    let catalog = RegionCatalog.embedded
    #expect(catalog.province == Region(code: "430000", name: "湖南省"))
    #expect(catalog.prefectures.count == 14)
    #expect(catalog.counties.count == 122)
    #expect(Set(catalog.counties.map(\.code)).count == 122)
    #expect(catalog.withdrawnCodes.count >= 5)
}

@Test func regionCatalog_prefectureCountsMatchDomainTable() {
    let expected: [String: Int] = ["430100": 9, "430200": 9, "430300": 5, "430400": 12, "430500": 12, "430600": 9,
                                   "430700": 9, "430800": 4, "430900": 6, "431000": 11, "431100": 11, "431200": 12,
                                   "431300": 5, "433100": 8]
    let actual = Dictionary(uniqueKeysWithValues: RegionCatalog.embedded.prefectures.map { ($0.code, $0.counties.count) })
    #expect(actual == expected)
    for prefecture in RegionCatalog.embedded.prefectures {
        #expect(prefecture.counties.allSatisfy { $0.code.prefix(4) == prefecture.code.prefix(4) })
    }
}

@Test func regionCatalog_lookupNames_currentThenWithdrawn() {
    let catalog = RegionCatalog.embedded
    #expect(catalog.name(of: "430102") == "芙蓉区")
    #expect(catalog.name(of: "430100") == "长沙市")
    #expect(catalog.name(of: "433100") == "湘西土家族苗族自治州")
    #expect(catalog.name(of: "430000") == "湖南省")
    #expect(catalog.name(of: "430122") == "望城县")
    #expect(catalog.withdrawnNames(of: "432500").sorted() == ["娄底地区", "涟源地区"].sorted())
    #expect(catalog.name(of: "431400") == nil)
    #expect(catalog.name(of: "999999") == nil)
}

@Test func regionCatalog_isCountyLevel_onlyForCurrentCounties() {
    let catalog = RegionCatalog.embedded
    #expect(catalog.isCountyLevel("430102"))
    #expect(catalog.isCountyLevel("433130"))
    #expect(!catalog.isCountyLevel("430100"))
    #expect(!catalog.isCountyLevel("430000"))
    #expect(!catalog.isCountyLevel("430122"))
    #expect(catalog.isWithdrawn("430122"))
    #expect(!catalog.isWithdrawn("430102"))
    #expect(catalog.prefecture(containing: "430182")?.name == "长沙市")
}

@Test func regionCatalog_whenCodeIsNotSixDigits_throws() {
    let json = #"{"province":{"code":"43","name":"湖南省"},"prefectures":[],"withdrawnCodes":[]}"#
    #expect(throws: DomainDataError.self) { try RegionCatalog(jsonData: Data(json.utf8)) }
}

@Test func departmentID_governedPrefix_stripsTrailingZeroPairs() {
    #expect(DepartmentID.governedPrefix(of: "430000") == "43")
    #expect(DepartmentID.governedPrefix(of: "430100") == "4301")
    #expect(DepartmentID.governedPrefix(of: "431000") == "4310")
    #expect(DepartmentID.governedPrefix(of: "430102") == "430102")
}

@Test func departmentID_governs_regionsUnderItsPrefix() throws {
    let province = try #require(DepartmentID("430000"))
    let changsha = try #require(DepartmentID("430100"))
    let furong = try #require(DepartmentID("430102"))
    let chenzhou = try #require(DepartmentID("431000"))
    #expect(province.governs(regionCode: "433130"))
    #expect(changsha.governs(regionCode: "430102"))
    #expect(changsha.governs(regionCode: "430182"))
    #expect(!changsha.governs(regionCode: "430202"))
    #expect(furong.governs(regionCode: "430102"))
    #expect(!furong.governs(regionCode: "430103"))
    #expect(chenzhou.governs(regionCode: "431002"))
    #expect(!chenzhou.governs(regionCode: "431102"))
    #expect(!province.governs(regionCode: "440100"))
    #expect(!province.governs(regionCode: "43"))
}

@Test func departmentID_whenNotKnownHunanCode_isNil() {
    #expect(DepartmentID("440000") == nil)
    #expect(DepartmentID("431400") == nil)
    #expect(DepartmentID("430122") == nil)
    #expect(DepartmentID("4301") == nil)
    #expect(DepartmentID("433100") != nil)
}
