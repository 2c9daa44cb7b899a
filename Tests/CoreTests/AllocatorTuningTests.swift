import Testing

@testable import Core

struct AllocatorTuningTests {
    /// glibc takes both thresholds (mallopt answers 0 for a value out of its range), and a second call is harmless.
    @Test func glibcTakesTheThresholds() {
        #if canImport(Glibc)
        #expect(AllocatorTuning.keepLargeBuffers())
        #expect(AllocatorTuning.keepLargeBuffers())
        #endif
    }
}
