/// Process-wide settings of the C allocator for a server that allocates the same large tensors request after
/// request.
///
/// glibc serves an allocation of 128 KiB or more (a threshold that adapts only up to 32 MiB) with a fresh mmap and
/// gives it back on free, so each request's activations fault in new zero pages: at batch 32 a small CNN spent more
/// time in page faults than in its convolutions. Raising the mmap threshold and the trim threshold keeps freed
/// buffers in the heap for the next request. What stays retained is bounded by the trim threshold per arena.
package enum AllocatorTuning {
    /// Buffers up to this size come from the heap and are reused (32 MiB: the largest glibc documents).
    package static let mmapThreshold: Int32 = 32 << 20
    /// Free memory at the top of a heap beyond this goes back to the system.
    package static let trimThreshold: Int32 = 256 << 20

    /// glibc's parameter numbers (malloc.h, which the Glibc module does not export).
    private static let trimParameter: Int32 = -1
    private static let mmapParameter: Int32 = -3

    private static let applied: Bool = {
        #if canImport(Glibc)
        // RTLD_DEFAULT: the symbol as the process already links it.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        return mallopt(mmapParameter, mmapThreshold) == 1 && mallopt(trimParameter, trimThreshold) == 1
        #else
        return false
        #endif
    }()

    /// Applies the settings once per process (later calls do nothing); false where the C library has no mallopt.
    @discardableResult
    package static func keepLargeBuffers() -> Bool { applied }
}
