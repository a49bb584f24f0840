import ECertificate
import Foundation
import TestSupport
import Testing

/// Classes of hundreds and thousands of students: the table runs over many pages, each with
/// the table's header, the certificate number and 第 n 页 / 共 m 页.
@Suite struct LargeCertificateTests {
    /// A generated class, issued and read back by poppler-utils.
    struct Reading: Sendable {
        let document: CertificateDocument
        let issued: IssuedCertificate
        let poppler: PopplerReading

        init(students: Int) throws {
            document = SampleCertificates.generated(students)
            issued = try SampleCertificates.issue(document)
            poppler = try PopplerReading(pdf: issued.pdf)
        }
    }

    static let readings: [Int: Result<Reading, any Error>] = [500: Result { try Reading(students: 500) },
                                                              5_000: Result { try Reading(students: 5_000) }]

    @Test(arguments: [(500, 12), (5_000, 114)])
    func pageCount_is31RowsOnPageOneThen44APage(students: Int, pages: Int) throws {
        let reading = try #require(Self.readings[students]).get()
        #expect(reading.poppler.info["Pages"] == String(pages))
        #expect(reading.poppler.pages.count == pages)
        #expect(CertificatePagination(firstPageRows: 31, otherPageRows: 44, rowCount: students).pageCount == pages)
    }

    @Test(arguments: [500, 5_000])
    func everyPage_repeatsTheTableHeader_andEndsWithTheCertificateNumberAndItsPageOfAll(students: Int) throws {
        let reading = try #require(Self.readings[students]).get()
        let count = reading.poppler.pages.count
        for page in 0..<count {
            let lines = reading.poppler.compactLines(page)
            #expect(lines.contains(PopplerReading.tableHeader), "page \(page + 1)")
            #expect(lines.last == "凭证编号：\(reading.document.certificateId)第\(page + 1)页/共\(count)页", "page \(page + 1)")
            if page > 0 {
                #expect(lines.first == "湖南省职业技能培训管理平台电子凭证（续）班级编号：cls-2026-025凭证编号：\(reading.document.certificateId)",
                        "page \(page + 1)")
            }
        }
    }

    @Test(arguments: [500, 5_000])
    func everyStudent_isPrintedOnce_inOrder_asTheRosterLinesSay(students: Int) throws {
        let reading = try #require(Self.readings[students]).get()
        let rows = reading.poppler.tableRows
        #expect(rows.count == students)
        #expect(rows == reading.document.rosterLines)
    }

    @Test(arguments: [500, 5_000])
    func factsOnPageOne_countEveryStudent(students: Int) throws {
        let reading = try #require(Self.readings[students]).get()
        let lines = reading.poppler.compactLines(0)
        let qualified = reading.document.qualifiedCount
        #expect(lines.contains { $0.hasPrefix("参训学员数\(students)合格学员数\(qualified)") })
        #expect(reading.issued.summary.studentCount == students && reading.issued.summary.qualifiedCount == qualified)
    }

    @Test(arguments: [3, 500, 5_000])
    func documentedRosterCheck_hashesThePrintedLinesToTheSignedRosterSha256(students: Int) throws {
        let issued = students == 3 ? try SampleCertificates.issue(SampleCertificates.small) : try #require(Self.readings[students]).get().issued
        let scratch = try ScratchDirectory()
        _ = try scratch.write(issued.pdf, to: "certificate.pdf")
        let run = try DocumentedCommands.run("roster-check", shell: .bash, in: scratch.url)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.text == "\(issued.summary.rosterSha256)  -\n")
    }
}
