import Bench
import Foundation
import Testing

@Suite struct ArrivalScheduleTests {
    @Test func constantRateIsExactlySpaced() {
        var schedule = ArrivalSchedule(rate: 1000, arrival: .constant, seed: 1)
        for index in 0..<10_000 {
            #expect(schedule.next() == UInt64(index) * 1_000_000)
        }
    }

    @Test func constantRateDoesNotDrift() {
        // 1/3 s is not a whole number of nanoseconds; each time comes from its index, so error never accumulates.
        var schedule = ArrivalSchedule(rate: 3, arrival: .constant, seed: 1)
        let times = (0..<3001).map { _ in schedule.next() }
        #expect(Array(times.prefix(4)) == [0, 333_333_333, 666_666_666, 1_000_000_000])
        #expect(times[3000] == 1_000_000_000_000)
    }

    @Test func poissonHasTheMeanRateAndExponentialGaps() {
        let rate = 2000.0
        var schedule = ArrivalSchedule(rate: rate, arrival: .poisson, seed: 11)
        let count = 100_000
        let times = (0..<count).map { _ in schedule.next() }
        #expect(times[0] == 0)
        let gaps = zip(times.dropFirst(), times).map { Double($0 - $1) }
        #expect(gaps.allSatisfy { $0 >= 0 })
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        let achievedRate = 1e9 / mean
        #expect(abs(achievedRate - rate) / rate < 0.02, "rate \(achievedRate)")
        let variance = gaps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(gaps.count - 1)
        let cv = variance.squareRoot() / mean
        #expect(abs(cv - 1) < 0.03, "coefficient of variation \(cv)")
        // Exponential shape: P(gap < mean) = 1 - 1/e.
        let belowMean = Double(gaps.filter { $0 < mean }.count) / Double(gaps.count)
        #expect(abs(belowMean - (1 - exp(-1))) < 0.01, "share below the mean \(belowMean)")
    }

    @Test func poissonIsDeterministicPerSeed() {
        var first = ArrivalSchedule(rate: 100, arrival: .poisson, seed: 5)
        var second = ArrivalSchedule(rate: 100, arrival: .poisson, seed: 5)
        var other = ArrivalSchedule(rate: 100, arrival: .poisson, seed: 6)
        let a = (0..<100).map { _ in first.next() }
        #expect(a == (0..<100).map { _ in second.next() })
        #expect(a != (0..<100).map { _ in other.next() })
    }

    @Test func unusableRatesNeverSend() {
        for rate in [0, -5, Double.nan, Double.infinity] {
            var schedule = ArrivalSchedule(rate: rate, arrival: .constant, seed: 1)
            #expect(schedule.next() == UInt64.max, "rate \(rate)")
        }
    }
}
