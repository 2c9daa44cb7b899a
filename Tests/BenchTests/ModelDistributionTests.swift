import Bench
import Core
import Foundation
import Testing

@Suite struct ModelDistributionTests {
    let draws = 100_000

    func frequencies(_ distribution: ModelDistribution, models: Int, seed: UInt64) -> [Int] {
        var sampler = distribution.makeSampler(modelCount: models, seed: seed)
        var counts = [Int](repeating: 0, count: models)
        for _ in 0..<draws {
            let index = sampler.next()
            guard counts.indices.contains(index) else {
                Issue.record("index \(index) outside 0..<\(models)")
                return counts
            }
            counts[index] += 1
        }
        return counts
    }

    /// Pearson's chi-square statistic of observed counts against expected probabilities.
    func chiSquare(_ counts: [Int], _ probabilities: [Double]) -> Double {
        let total = Double(counts.reduce(0, +))
        return zip(counts, probabilities).reduce(0) { sum, pair in
            let expected = total * pair.1
            return sum + (Double(pair.0) - expected) * (Double(pair.0) - expected) / expected
        }
    }

    func zipfPMF(models: Int, exponent: Double) -> [Double] {
        let weights = (1...models).map { 1 / pow(Double($0), exponent) }
        let sum = weights.reduce(0, +)
        return weights.map { $0 / sum }
    }

    @Test func parsesDistributions() throws {
        #expect(try ModelDistribution.parse("uniform") == .uniform)
        #expect(try ModelDistribution.parse("zipf:1.1") == .zipf(exponent: 1.1))
        #expect(try ModelDistribution.parse("zipf") == .zipf(exponent: 1))
        for bad in ["zipf:0", "zipf:-1", "zipf:abc", "zipf:inf", "normal", ""] {
            #expect(throws: KServeError.self, "\(bad)") { try ModelDistribution.parse(bad) }
        }
        do {
            _ = try ModelDistribution.parse("zipf:0")
        } catch {
            #expect(error.code == .usage)
            #expect(error.message.contains("above 0"))
        }
    }

    @Test func zipfFrequenciesMatchTheAnalyticPMF() {
        let models = 10
        let pmf = zipfPMF(models: models, exponent: 1.1)
        let counts = frequencies(.zipf(exponent: 1.1), models: models, seed: 2024)
        // 9 degrees of freedom: 27.88 is the 0.1% critical value.
        #expect(chiSquare(counts, pmf) < 27.88, "counts \(counts)")
        #expect(counts[0] > counts[1] && counts[1] > counts[2])
        let maxRelativeError = zip(counts, pmf).map { abs(Double($0) / Double(draws) - $1) / $1 }.max() ?? 1
        #expect(maxRelativeError < 0.08, "max relative error \(maxRelativeError)")
    }

    @Test func zipfOverManyModelsKeepsTheHead() {
        let models = 1000
        let pmf = zipfPMF(models: models, exponent: 1.1)
        let counts = frequencies(.zipf(exponent: 1.1), models: models, seed: 9)
        for rank in 0..<5 {
            let observed = Double(counts[rank]) / Double(draws)
            #expect(abs(observed - pmf[rank]) / pmf[rank] < 0.06, "rank \(rank): \(observed) vs \(pmf[rank])")
        }
    }

    @Test func uniformFrequenciesAreEven() {
        let models = 8
        let counts = frequencies(.uniform, models: models, seed: 1)
        // 7 degrees of freedom: 24.32 is the 0.1% critical value.
        #expect(chiSquare(counts, [Double](repeating: 1.0 / 8, count: models)) < 24.32, "counts \(counts)")
    }

    @Test func samplersAreDeterministicPerSeed() {
        var first = ModelDistribution.zipf(exponent: 1.2).makeSampler(modelCount: 50, seed: 77)
        var second = ModelDistribution.zipf(exponent: 1.2).makeSampler(modelCount: 50, seed: 77)
        var other = ModelDistribution.zipf(exponent: 1.2).makeSampler(modelCount: 50, seed: 78)
        let a = (0..<200).map { _ in first.next() }
        let b = (0..<200).map { _ in second.next() }
        let c = (0..<200).map { _ in other.next() }
        #expect(a == b)
        #expect(a != c)
    }

    @Test func oneModelOrNoneAlwaysGivesIndexZero() {
        var one = ModelDistribution.zipf(exponent: 2).makeSampler(modelCount: 1, seed: 3)
        var none = ModelDistribution.uniform.makeSampler(modelCount: 0, seed: 3)
        for _ in 0..<100 {
            #expect(one.next() == 0)
            #expect(none.next() == 0)
        }
    }
}
