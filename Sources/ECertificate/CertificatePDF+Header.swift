extension CertificatePDF {
    /// Page 1 above the table: the title, 凭证编号, 培训机构(企业) with its phone and 生成日期, the
    /// class facts (four rows of two label–value pairs) and, beside them, the QR code. Returns
    /// where the table starts.
    func drawFirstPageHeader(on canvas: PDFCanvas) -> Double {
        let x = Geometry.margin
        let width = Geometry.contentWidth
        var y = Geometry.margin
        y += canvas.text(CertificateDocument.title, x: x, y: y, width: width, size: 18, alignment: .center) + 2
        y += canvas.text("凭证编号：\(document.certificateId)", x: x, y: y, width: width, size: 9, alignment: .center) + 10
        let generated = "生成日期：\(document.generatedAt.chineseDateTime)"
        let generatedWidth = canvas.measure(generated, size: 10).width + 4
        let institution = canvas.text("培训机构(企业)(盖章)：\(document.institutionLine)", x: x, y: y, width: width - generatedWidth - 12, size: 10, wrap: true)
        canvas.text(generated, x: x + width - generatedWidth, y: y, width: generatedWidth, size: 10, alignment: .right)
        y += institution + 8
        let height = drawFacts(top: y, on: canvas)
        drawQRCode(x: x + width - Geometry.qrBoxWidth, y: y, height: height, on: canvas)
        return y + height + 12
    }

    /// The class facts as printed: label–value pairs, two to a row.
    var facts: [(String, String, String, String)] {
        [("班级名称", document.className, "培训课时", CertificateNumber.hours(document.requiredHours)),
         ("班级编号", document.classId, "开班时间", document.openedAt.dateTime),
         ("培训项目", document.trainingItem, "结班时间", document.closedAt.dateTime),
         ("参训学员数", String(document.studentCount), "合格学员数", String(document.qualifiedCount))]
    }

    /// The facts grid at `top`, left of the QR box; its rows grow to fit wrapped values and
    /// together reach at least the QR box's height. Returns its height.
    private func drawFacts(top: Double, on canvas: PDFCanvas) -> Double {
        let x = Geometry.margin
        let gridWidth = Geometry.contentWidth - Geometry.qrBoxWidth
        let label = 62.0
        let value = (gridWidth - 2 * label) / 2
        let size = 9.5
        let needed = facts.map { row in
            max(canvas.measure(row.1, size: size, wrapWidth: value - 8).height, canvas.measure(row.3, size: size, wrapWidth: value - 8).height) + 12
        }
        let extra = max(0, Geometry.factsMinimumHeight - needed.reduce(0, +)) / Double(needed.count)
        let heights = needed.map { $0 + extra }
        var y = top
        for (row, height) in zip(facts, heights) {
            canvas.fill(x: x, y: y, width: label, height: height, gray: 0.92)
            canvas.fill(x: x + label + value, y: y, width: label, height: height, gray: 0.92)
            let cells = [(row.0, x, label), (row.1, x + label, value), (row.2, x + label + value, label), (row.3, x + 2 * label + value, value)]
            for (index, cell) in cells.enumerated() {
                let textHeight = canvas.measure(cell.0, size: size, wrapWidth: cell.2 - 8).height
                canvas.text(cell.0, x: cell.1 + 4, y: y + (height - textHeight) / 2, width: cell.2 - 8, size: size,
                            alignment: index % 2 == 0 ? .center : .left, wrap: true)
                canvas.line(fromX: cell.1, y: y, toX: cell.1, y: y + height, lineWidth: Geometry.lineWidth)
            }
            canvas.line(fromX: x, y: y, toX: x + gridWidth, y: y, lineWidth: Geometry.lineWidth)
            y += height
        }
        canvas.line(fromX: x, y: y, toX: x + gridWidth, y: y, lineWidth: Geometry.lineWidth)
        return y - top
    }

    /// The QR box: the code with its four-module quiet zone, and 电子凭证二维码 under it.
    private func drawQRCode(x: Double, y: Double, height: Double, on canvas: PDFCanvas) {
        canvas.frame(x: x, y: y, width: Geometry.qrBoxWidth, height: height, lineWidth: Geometry.lineWidth)
        let caption = 8.0
        let side = min(Geometry.qrSide, height - 2 * caption - 6)
        let module = side / Double(qrCode.size + 8)
        let left = x + (Geometry.qrBoxWidth - side) / 2 + 4 * module
        let top = y + (height - side - caption - 6) / 2 + 4 * module
        var runs: [(x: Double, y: Double, width: Double, height: Double)] = []
        for row in 0..<qrCode.size {
            var column = 0
            while column < qrCode.size {
                guard qrCode.isDark(row: row, column: column) else { column += 1; continue }
                let start = column
                while column < qrCode.size, qrCode.isDark(row: row, column: column) { column += 1 }
                runs.append((left + Double(start) * module, top + Double(row) * module, Double(column - start) * module, module))
            }
        }
        canvas.fillBlack(runs)
        canvas.text("电子凭证二维码", x: x, y: top - 4 * module + side + 2, width: Geometry.qrBoxWidth, size: caption, alignment: .center)
    }

    /// Later pages' heading: the title (续) on the left, 班级编号 and 凭证编号 on the right.
    func drawContinuationHeader(on canvas: PDFCanvas) {
        let x = Geometry.margin
        let width = Geometry.contentWidth
        canvas.text("\(CertificateDocument.title)（续）", x: x, y: Geometry.margin, width: width * 0.55, size: 11)
        canvas.text("班级编号：\(document.classId)　凭证编号：\(document.certificateId)", x: x + width * 0.55, y: Geometry.margin + 2,
                    width: width * 0.45, size: 8, alignment: .right)
    }
}
