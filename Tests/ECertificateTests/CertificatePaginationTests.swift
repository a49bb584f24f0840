import ECertificate
import Testing

@Suite struct CertificatePaginationTests {
    @Test func aClassThatFitsTheFirstPage_hasOnePage() {
        #expect(CertificatePagination(firstPageRows: 31, otherPageRows: 44, rowCount: 31).pageCount == 1)
        #expect(CertificatePagination(firstPageRows: 31, otherPageRows: 44, rowCount: 0).pageCount == 1)
    }

    @Test func laterPages_eachHoldTheOtherPageRows() {
        let pagination = CertificatePagination(firstPageRows: 31, otherPageRows: 44, rowCount: 500)
        #expect(pagination.pageCount == 12)
        #expect(pagination.rows(onPage: 1) == 0..<31)
        #expect(pagination.rows(onPage: 2) == 31..<75)
        #expect(pagination.rows(onPage: 12) == 471..<500)
        #expect(pagination.rows(onPage: 13).isEmpty)
    }

    @Test func everyRow_isOnExactlyOnePage_inOrder() {
        for count in [1, 31, 32, 75, 76, 500, 5_000] {
            let pagination = CertificatePagination(firstPageRows: 31, otherPageRows: 44, rowCount: count)
            let rows = (1...pagination.pageCount).flatMap { Array(pagination.rows(onPage: $0)) }
            #expect(rows == Array(0..<count), "\(count)")
        }
    }

    @Test func pageLabel_countsFromOneOfAll() {
        #expect(CertificatePagination(firstPageRows: 31, otherPageRows: 44, rowCount: 500).pageLabel(3) == "第 3 页 / 共 12 页")
    }
}
