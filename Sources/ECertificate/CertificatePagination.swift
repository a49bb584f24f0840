/// How the student table runs over pages: the first page holds fewer rows (the header, the
/// class facts and the QR code come first), every later page the same number.
public struct CertificatePagination: Sendable, Hashable {
    /// Rows of the student table on the first page.
    public let firstPageRows: Int
    /// Rows on each later page.
    public let otherPageRows: Int
    /// Students in the table.
    public let rowCount: Int

    /// The table of `rowCount` rows with these capacities (each at least one row).
    public init(firstPageRows: Int, otherPageRows: Int, rowCount: Int) {
        self.firstPageRows = max(firstPageRows, 1)
        self.otherPageRows = max(otherPageRows, 1)
        self.rowCount = max(rowCount, 0)
    }

    /// Pages of the certificate: one, however few students, plus as many as the rest need.
    public var pageCount: Int {
        rowCount <= firstPageRows ? 1 : 1 + (rowCount - firstPageRows + otherPageRows - 1) / otherPageRows
    }

    /// The rows (0-based indexes into the students) printed on page `page` (1-based).
    public func rows(onPage page: Int) -> Range<Int> {
        guard page >= 1, page <= pageCount else { return 0..<0 }
        if page == 1 { return 0..<min(firstPageRows, rowCount) }
        let start = firstPageRows + (page - 2) * otherPageRows
        return start..<min(start + otherPageRows, rowCount)
    }

    /// `第 n 页 / 共 m 页`, as every page's footer prints it.
    public func pageLabel(_ page: Int) -> String { "第 \(page) 页 / 共 \(pageCount) 页" }
}
