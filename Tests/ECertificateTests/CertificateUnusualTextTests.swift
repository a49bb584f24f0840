import ECertificate
import Foundation
import Testing

/// Names longer and rarer than most: they wrap, or print in whatever font has them.
@Suite struct CertificateUnusualTextTests {
    @Test func longNames_wrapInTheirBoxes_andPrintEveryCharacter() throws {
        var document = SampleCertificates.small
        document.institutionName = "湖南省长沙市芙蓉区人力资源和社会保障局直属明德职业技能培训学校（长沙经济技术开发区星沙产业基地分校）"
        document.className = "电工初级周末班（第3期）——面向农村转移劳动力与高校毕业生的岗前技能提升专项培训班"
        let reading = try PopplerReading(pdf: try SampleCertificates.issue(document).pdf)
        let page = reading.compact(0)
        #expect(page.contains(document.institutionName + "(0731-88881234)"))
        #expect(page.contains(document.className))
        #expect(reading.info["Pages"] == "1")
        #expect(reading.tableRows == document.rosterLines)
    }

    @Test func aCharacterOutsideTheFont_stillRenders_withEveryFontEmbedded() throws {
        var document = SampleCertificates.small
        // CJK Extension B, not in WenQuanYi Micro Hei: Pango's hex box, drawn in DejaVu Sans Mono.
        document.students[0].name = "𠀀小明"
        let reading = try PopplerReading(pdf: try SampleCertificates.issue(document).pdf)
        #expect(reading.info["Pages"] == "1")
        for font in reading.fonts {
            #expect(font[font.count - 5] == "yes", "\(font)")
        }
    }
}
