import ECertificate
import Foundation
import TestSupport
import Testing
import TrainingDomain

@Suite struct CertificateDocumentTests {
    @Test func studentLine_masksTheNameOnly_andPrintsIDAndPhoneInFull() {
        let cells = SampleCertificates.small.rosterLines[0]
        #expect(cells == ["1", "李**", "男", "农村转移劳动力", "43010219900101123X", "13812345678", "16.5", "86.50", "72.00"])
    }

    @Test func nothingRecorded_printsDashes() {
        #expect(SampleCertificates.small.rosterLines[2] == ["3", "任*", "男", "其他", "500401199003123456", "15011112222", "-", "-", "-"])
    }

    @Test func passing_needsBothScoresAtLeast60() {
        func student(_ theory: Double?, _ practical: Double?) -> CertificateStudent {
            CertificateStudent(name: "李四", gender: .male, studentType: "其他", idNumber: "x", phone: "y", onlineHours: 1, theory: theory, practical: practical)
        }
        #expect(student(60, 60).passed)
        #expect(!student(60, 59.99).passed)
        #expect(!student(100, nil).passed)
        #expect(!student(nil, nil).passed)
    }

    @Test func counts_areTheStudentsAndThoseWhoPassed() {
        #expect(SampleCertificates.small.studentCount == 3)
        #expect(SampleCertificates.small.qualifiedCount == 1)
        #expect(SampleCertificates.generated(300).qualifiedCount == 200)
    }

    @Test func rosterText_isTheCellsJoinedByTabs_oneLineFeedEndedLinePerStudent() {
        let text = SampleCertificates.small.rosterText
        #expect(text.hasPrefix("1\t李**\t男\t农村转移劳动力\t43010219900101123X\t13812345678\t16.5\t86.50\t72.00\n2\t欧***\t"))
        #expect(text.hasSuffix("\t-\t-\t-\n"))
        #expect(text.split(separator: "\n").count == 3)
    }

    @Test func rosterSha256_isTheSHA256OfTheRosterText() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(Array(SampleCertificates.small.rosterText.utf8), to: "roster.txt")
        let openssl = try CommandLineTool.openssl.succeed(["dgst", "-sha256", "-r", path]).text
        #expect(openssl.hasPrefix(SampleCertificates.small.rosterSha256 + " "))
        #expect(SampleCertificates.small.rosterSha256.count == 64)
    }

    @Test func aTabOrLineBreakInACell_printsAsASpace_soALineStaysOneLine() {
        var document = SampleCertificates.small
        document.students[0].studentType = "其\t他\n类\u{2028}型"
        #expect(document.rosterLines[0][3] == "其 他 类 型")
        #expect(document.rosterText.split(separator: "\n").count == 3)
    }

    @Test func trainingItem_isTheOccupationAndLevel_fromTheCatalog() {
        #expect(SampleCertificates.small.trainingItem == "电工 初级（五级）")
        var document = SampleCertificates.small
        document.level = .none
        #expect(document.trainingItem == "电工")
    }

    @Test func summary_carriesTheSignedFields() {
        let summary = SampleCertificates.small.summary
        #expect(summary.certificateId == "CERT-20261130-0007" && summary.classId == "cls-2026-025" && summary.institutionId == "inst-hn-0001")
        #expect(summary.institutionName == "长沙市芙蓉区明德职业培训学校" && summary.occupation == "electrician" && summary.level == "junior")
        #expect(summary.openedAt == "2026-11-02T09:30:00+08:00" && summary.closedAt == "2026-11-27T08:22:42+08:00")
        #expect(summary.studentCount == 3 && summary.qualifiedCount == 1 && summary.rosterSha256 == SampleCertificates.small.rosterSha256)
    }

    @Test func changingAnyPrintedCell_changesTheRosterHash() {
        let original = SampleCertificates.small.rosterSha256
        var changes: [CertificateDocument] = []
        for edit in 0..<7 {
            var document = SampleCertificates.small
            switch edit {
            case 0: document.students[1].name = "欧阳娜"
            case 1: document.students[1].gender = .male
            case 2: document.students[1].studentType = "其他"
            case 3: document.students[1].idNumber = "430102199203046022"
            case 4: document.students[1].phone = "13912345679"
            case 5: document.students[1].onlineHours = 12.5
            default: document.students[1].practical = 60
            }
            changes.append(document)
        }
        for document in changes { #expect(document.rosterSha256 != original) }
        var reordered = SampleCertificates.small
        reordered.students.swapAt(0, 2)
        #expect(reordered.rosterSha256 != original)
    }
}
