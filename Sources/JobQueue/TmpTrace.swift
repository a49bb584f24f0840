import Foundation
public func tmpTrace(_ s: String) {
    var ts = timespec(); clock_gettime(CLOCK_MONOTONIC, &ts)
    FileHandle.standardError.write(Data("TRACE \(Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1e6) \(s)\n".utf8))
}
