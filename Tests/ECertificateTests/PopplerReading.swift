import Foundation
import TestSupport

/// A certificate PDF as poppler-utils reads it: its text page by page, its page count, fonts and
/// page size.
struct PopplerReading {
    /// `pdftotext` of each page (split at form feeds), in reading order.
    let pages: [String]
    /// `pdftotext -layout` of each page: one printed line, one text line.
    let layoutPages: [String]
    /// `pdfinfo`'s `key: value` lines.
    let info: [String: String]
    /// `pdffonts`' rows: name, type, encoding, emb, sub, uni.
    let fonts: [[String]]

    init(pdf: [UInt8]) throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(pdf, to: "certificate.pdf")
        pages = Self.split(try CommandLineTool.pdftotext.succeed([path, "-"]).text)
        layoutPages = Self.split(try CommandLineTool.pdftotext.succeed(["-layout", path, "-"]).text)
        var info: [String: String] = [:]
        for line in try CommandLineTool.pdfinfo.succeed([path]).text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            info[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.info = info
        fonts = try CommandLineTool.pdffonts.succeed([path]).text.split(separator: "\n").dropFirst(2).map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        }
    }

    /// The page texts of `pdftotext` output: pages end with a form feed.
    private static func split(_ text: String) -> [String] {
        var pages = text.components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return pages
    }

    /// Page `index`'s text with every space and line break removed: what a reader sees, whatever
    /// spacing pdftotext guessed (`第 2 页 / 共 12 页` may come out as `第2页/共12页`).
    func compact(_ index: Int) -> String {
        String(pages[index].unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) })
    }

    /// Page `index`'s printed lines (`pdftotext -layout`), each without spaces, empty ones left out.
    func compactLines(_ index: Int) -> [String] {
        layoutPages[index].split(separator: "\n").map { line in
            String(line.unicodeScalars.filter { !CharacterSet.whitespaces.contains($0) })
        }.filter { !$0.isEmpty }
    }

    /// The column titles of the student table, as one text without spaces.
    static let tableHeader = "序号姓名性别学员类型身份证号手机号线上培训课时理论成绩实操成绩"

    /// The student lines `pdftotext -layout` prints: lines that start with a 序号, split into cells
    /// at runs of two or more spaces.
    var tableRows: [[String]] {
        layoutPages.flatMap { page in
            page.split(separator: "\n").compactMap { line -> [String]? in
                let cells = line.trimmingCharacters(in: .whitespaces)
                    .components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard cells.count == 9, Int(cells[0]) != nil else { return nil }
                return cells
            }
        }
    }
}
