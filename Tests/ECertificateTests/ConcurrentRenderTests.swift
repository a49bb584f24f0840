import Dispatch
import ECertificate
import Foundation
import Synchronization
import Testing

/// A worker renders on several lanes (threads) at once: Pango's font map is per thread, cairo's
/// surfaces and libcrypto's contexts per call.
@Suite struct ConcurrentRenderTests {
    @Test func certificatesRenderedOnEightThreadsAtOnce_areTheBytesOfOneRenderedAlone() throws {
        let documents = (0..<8).map { SampleCertificates.generated(40 + $0 * 30) }
        let alone = try documents.map { try SampleCertificates.issue($0).pdf }
        let results = Mutex<[Int: [UInt8]]>([:])
        DispatchQueue.concurrentPerform(iterations: documents.count) { index in
            let pdf = try? SampleCertificates.issue(documents[index]).pdf
            results.withLock { $0[index] = pdf }
        }
        let together = results.withLock { $0 }
        for index in documents.indices {
            #expect(together[index] == alone[index], "document \(index)")
        }
    }
}
