extension CertificatePDF {
    /// The student table at `top`: its header (repeated on every page), then `lines`, one row
    /// each, every cell centred on one line (a cell wider than its column is squeezed, never cut
    /// or wrapped, so the printed text stays the text the roster hash covers).
    func drawTable(_ lines: ArraySlice<[String]>, top: Double, on canvas: PDFCanvas) {
        let x = Geometry.margin
        let right = x + Geometry.contentWidth
        let header = Geometry.tableHeaderHeight
        canvas.fill(x: x, y: top, width: Geometry.contentWidth, height: header, gray: 0.88)
        drawRow(CertificateDocument.columns, top: top, height: header, size: Geometry.tableHeaderSize,
                textHeight: canvas.measure("序", size: Geometry.tableHeaderSize).height, on: canvas)
        let rowText = canvas.measure("序", size: Geometry.rowSize).height
        for (index, cells) in lines.enumerated() {
            drawRow(cells, top: top + header + Double(index) * Geometry.rowHeight, height: Geometry.rowHeight, size: Geometry.rowSize,
                    textHeight: rowText, on: canvas)
        }
        let bottom = top + header + Double(lines.count) * Geometry.rowHeight
        canvas.line(fromX: x, y: top, toX: right, y: top, lineWidth: Geometry.lineWidth)
        for index in 0...lines.count {
            let y = top + header + Double(index) * Geometry.rowHeight
            canvas.line(fromX: x, y: y, toX: right, y: y, lineWidth: Geometry.lineWidth)
        }
        var column = x
        canvas.line(fromX: column, y: top, toX: column, y: bottom, lineWidth: Geometry.lineWidth)
        for width in Geometry.columnWidths {
            column += width
            canvas.line(fromX: column, y: top, toX: column, y: bottom, lineWidth: Geometry.lineWidth)
        }
    }

    /// One row's cells, each centred in its column, `textHeight` being one line's height.
    private func drawRow(_ cells: [String], top: Double, height: Double, size: Double, textHeight: Double, on canvas: PDFCanvas) {
        var x = Geometry.margin
        for (cell, width) in zip(cells, Geometry.columnWidths) {
            canvas.text(cell, x: x + 2, y: top + (height - textHeight) / 2, width: width - 4, size: size, alignment: .center)
            x += width
        }
    }
}
