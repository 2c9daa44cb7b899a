/// The least speed a transfer must keep (libcurl's low-speed limit): slower than `bytesPerSecond` on average over
/// `seconds` and it fails with `.timeout`. It bounds a server that stalls or trickles mid-body without bounding a
/// large download that keeps moving, which an overall timeout cannot do.
package struct SlowTransferLimit: Sendable, Equatable {
    package var bytesPerSecond: Int
    package var seconds: Int

    package init(bytesPerSecond: Int, seconds: Int) {
        self.bytesPerSecond = bytesPerSecond
        self.seconds = seconds
    }
}
