import ECertificate
import Foundation
import Testing

/// The small certificate as poppler-utils reads it: every field in the text, one A4 page, its
/// fonts embedded as subsets, and the same bytes for the same document.
@Suite struct CertificatePDFTextTests {
    static let issued = Result { try SampleCertificates.issue(SampleCertificates.small) }
    static let reading = Result { try PopplerReading(pdf: issued.get().pdf) }

    @Test func text_showsTheTitleInstitutionAndGenerationTime() throws {
        let page = try Self.reading.get().compact(0)
        #expect(page.hasPrefix("湖南省职业技能培训管理平台电子凭证"))
        #expect(page.contains("培训机构(企业)(盖章)：长沙市芙蓉区明德职业培训学校(0731-88881234)"))
        #expect(page.contains("生成日期：2026年11月27日08:22:42"))
    }

    @Test func text_showsEveryClassFact_labelThenValue() throws {
        let page = try Self.reading.get().pages[0]
        let lines = page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let facts = [("班级名称", "电工初级周末班（第3期）"), ("培训课时", "16"), ("班级编号", "cls-2026-025"), ("开班时间", "2026-11-02 09:30:00"),
                     ("培训项目", "电工 初级（五级）"), ("结班时间", "2026-11-27 08:22:42"), ("参训学员数", "3"), ("合格学员数", "1")]
        for (label, value) in facts {
            let index = try #require(lines.firstIndex(of: label), "\(label)")
            #expect(lines[index + 1] == value, "\(label)")
        }
        #expect(lines.contains("电子凭证二维码"))
    }

    @Test func text_showsTheTableHeaderAndEveryStudentLineAsPrinted() throws {
        let reading = try Self.reading.get()
        #expect(reading.compactLines(0).contains(PopplerReading.tableHeader))
        #expect(reading.tableRows == SampleCertificates.small.rosterLines)
    }

    @Test func text_neverShowsAFullName() throws {
        let page = try Self.reading.get().pages[0]
        for student in SampleCertificates.small.students {
            #expect(!page.contains(student.name), "\(student.name)")
        }
    }

    @Test func footer_carriesTheCertificateNumberAndPageOfPages() throws {
        #expect(try Self.reading.get().compactLines(0).last == "凭证编号：CERT-20261130-0007第1页/共1页")
    }

    @Test func pdf_isOneA4PageWithTheDocumentsMetadata() throws {
        let info = try Self.reading.get().info
        #expect(info["Pages"] == "1")
        #expect(info["Page size"] == "595.276 x 841.89 pts (A4)")
        #expect(info["Title"] == "湖南省职业技能培训管理平台电子凭证 CERT-20261130-0007")
        #expect(info["Author"] == "长沙市芙蓉区明德职业培训学校")
        #expect(info["CreationDate"] == "Fri Nov 27 00:22:42 2026 UTC")
    }

    @Test func everyFont_isEmbeddedAsASubset_ofWenQuanYiMicroHei() throws {
        let fonts = try Self.reading.get().fonts
        #expect(!fonts.isEmpty)
        for font in fonts {
            // name, type…, encoding, emb, sub, uni, object, generation
            #expect(font[0].hasSuffix("+WenQuanYiMicroHei"), "\(font)")
            #expect(font[font.count - 5] == "yes" && font[font.count - 4] == "yes" && font[font.count - 3] == "yes", "\(font)")
        }
    }

    @Test func sameDocument_givesTheSameBytes() throws {
        let again = try SampleCertificates.issue(SampleCertificates.small)
        #expect(again.pdf == (try Self.issued.get().pdf))
        var later = SampleCertificates.small
        later.generatedAt = ChinaTime(secondsSinceEpoch: later.generatedAt.secondsSinceEpoch + 1)
        #expect(try SampleCertificates.issue(later).pdf != (try Self.issued.get().pdf))
    }

    @Test func aFontThatIsNotInstalled_isRefused_notReplaced() throws {
        let qr = try Self.issued.get().qrText
        #expect { try CertificatePDF.render(SampleCertificates.small, qrText: qr, fontFamily: "No Such Family 2026") } throws: { error in
            guard case .fontMissing(let family, let found)? = error as? CertificateRenderError else { return false }
            return family == "No Such Family 2026" && !found.isEmpty
        }
    }
}
