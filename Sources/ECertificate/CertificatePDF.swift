/// The e-certificate as a PDF: A4 portrait, printed as it is. Page 1 carries the title, the
/// certificate number, the institution and 生成日期, the class facts beside the QR code, then the
/// student table; later pages continue the table under a short heading. Every page repeats the
/// table's header and ends with 凭证编号 and 第 n 页 / 共 m 页.
///
/// Text is shaped by Pango in ``fontFamily`` (Debian's `fonts-wqy-microhei`), which cairo embeds
/// as a subset of the glyphs used. The PDF's dates are the document's 生成日期 and nothing else
/// varies, so the same document and QR text give the same bytes (with the same cairo, Pango and
/// font versions).
public struct CertificatePDF {
    /// The one font family of the certificate: WenQuanYi Micro Hei (文泉驿微米黑), a TrueType
    /// font covering GBK's 20,932 ideographs, Latin and the full-width forms.
    public static let fontFamily = "WenQuanYi Micro Hei"

    /// Page and table geometry, in points (1/72 inch).
    enum Geometry {
        /// A4: 210 × 297 mm.
        static let pageWidth = 210 / 25.4 * 72
        static let pageHeight = 297 / 25.4 * 72
        /// Left, right and top margin.
        static let margin = 40.0
        /// The width between the margins.
        static let contentWidth = pageWidth - 2 * margin
        /// The table stops above this; the footer sits below it.
        static let tableBottom = pageHeight - 48
        /// The top of the footer's text.
        static let footerTop = pageHeight - 36
        /// The table header's height and font size.
        static let tableHeaderHeight = 22.0
        static let tableHeaderSize = 8.5
        /// A student row's height and font size.
        static let rowHeight = 16.0
        static let rowSize = 8.0
        /// The columns' widths, in the order of ``CertificateDocument/columns``; they fill the
        /// content width.
        static let columnWidths: [Double] = {
            let widths = [34.0, 60, 28, 98, 98, 66, 48, 42, 42]
            let scale = contentWidth / widths.reduce(0, +)
            return widths.map { $0 * scale }
        }()
        /// The box right of the class facts, and the QR code's side in it (quiet zone included).
        static let qrBoxWidth = 136.0
        static let qrSide = 116.0
        /// The class facts' least height: the QR box's.
        static let factsMinimumHeight = 156.0
        /// Rules and frames.
        static let lineWidth = 0.5
    }

    /// What is printed.
    let document: CertificateDocument
    /// The symbol of the signed QR text.
    let qrCode: QRCode

    /// The PDF of `document` with `qrText` (its signed ``CertificateQRText``) in the QR code, its
    /// text in `fontFamily`; throws ``CertificateRenderError/fontMissing(_:found:)`` rather than
    /// print in whatever font fontconfig offers instead.
    public static func render(_ document: CertificateDocument, qrText: String, fontFamily: String = CertificatePDF.fontFamily) throws -> [UInt8] {
        let code: QRCode
        do { code = try QRCode(qrText) } catch { throw CertificateRenderError.qrCode(error.description) }
        let pdf = CertificatePDF(document: document, qrCode: code)
        let metadata = PDFCanvas.Metadata(title: "\(CertificateDocument.title) \(document.certificateId)", author: document.institutionName,
                                          creator: "湖南省职业技能培训管理平台 (vocational-training-workers)", date: document.generatedAt.rfc3339)
        return try PDFCanvas.render(width: Geometry.pageWidth, height: Geometry.pageHeight, metadata: metadata, fontFamily: fontFamily) { canvas in
            try pdf.draw(on: canvas)
        }
    }

    /// Page 1's header, then the table page by page.
    private func draw(on canvas: PDFCanvas) throws {
        let tableTop = drawFirstPageHeader(on: canvas)
        let continuedTop = Geometry.margin + 24
        let pagination = CertificatePagination(firstPageRows: Self.rowsFitting(from: tableTop), otherPageRows: Self.rowsFitting(from: continuedTop),
                                               rowCount: document.students.count)
        let lines = document.rosterLines
        for page in 1...pagination.pageCount {
            if page > 1 {
                canvas.endPage()
                drawContinuationHeader(on: canvas)
            }
            drawTable(lines[pagination.rows(onPage: page)], top: page == 1 ? tableTop : continuedTop, on: canvas)
            drawFooter(pagination.pageLabel(page), on: canvas)
        }
    }

    /// How many rows fit between a table header at `top` and the table's bottom.
    static func rowsFitting(from top: Double) -> Int {
        Int(((Geometry.tableBottom - top - Geometry.tableHeaderHeight) / Geometry.rowHeight).rounded(.down))
    }

    /// Every page's footer: a rule, 凭证编号 on the left, the page label on the right.
    private func drawFooter(_ label: String, on canvas: PDFCanvas) {
        let x = Geometry.margin
        let width = Geometry.contentWidth
        canvas.line(fromX: x, y: Geometry.footerTop - 4, toX: x + width, y: Geometry.footerTop - 4, lineWidth: Geometry.lineWidth)
        canvas.text("凭证编号：\(document.certificateId)", x: x, y: Geometry.footerTop, width: width * 0.6, size: 8)
        canvas.text(label, x: x + width * 0.6, y: Geometry.footerTop, width: width * 0.4, size: 8, alignment: .right)
    }
}
