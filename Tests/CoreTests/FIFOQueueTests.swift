import Testing

@testable import Core

@Suite struct FIFOQueueTests {
    @Test func keepsOrderAcrossCompactions() {
        var queue = FIFOQueue<Int>()
        var expected = 0
        var next = 0
        // Interleaved appends and takes, so that the taken space is given back many times over.
        for round in 0..<50 {
            for _ in 0..<(round % 7 + 3) {
                queue.append(next)
                next += 1
            }
            for _ in 0..<(round % 5 + 1) {
                #expect(queue.popFirst() == expected)
                expected += 1
            }
            #expect(queue.count == next - expected)
        }
        while let value = queue.popFirst() {
            #expect(value == expected)
            expected += 1
        }
        #expect(expected == next && queue.isEmpty && queue.popFirst() == nil)
    }

    @Test func removesByMatchAndTakesEverythingInOrder() {
        var queue = FIFOQueue<Int>()
        for value in 0..<10 { queue.append(value) }
        #expect(queue.popFirst() == 0)
        #expect(queue.remove { $0 == 5 } == 5)
        #expect(queue.remove { $0 == 0 } == nil)  // already taken
        #expect(queue.removeAll() == [1, 2, 3, 4, 6, 7, 8, 9])
        #expect(queue.isEmpty && queue.count == 0)
    }
}
