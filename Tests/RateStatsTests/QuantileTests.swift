import RateStats
import Testing

@Suite("Quantiles")
struct QuantileTests {
    // Expected values from numpy.quantile(..., method="linear") (type 7).
    @Test(arguments: [
        ([1.0, 2, 3, 4], 0.5, 2.5),
        ([1.0, 2, 3, 4], 0.25, 1.75),
        ([1.0, 2, 3, 4], 0.9, 3.7),
        ([10.0], 0.1, 10),
        ([3.0, 1, 2], 0.0, 1),
        ([3.0, 1, 2], 1.0, 3),
        ([15.0, 20, 35, 40, 50], 0.4, 29),
    ])
    func type7MatchesNumPy(values: [Double], p: Double, expected: Double) {
        #expect(abs(Quantiles.of(values, [p])[0] - expected) < 1e-12)
    }

    @Test func weightedQuantileWithEqualWeightsIsTheMedian() {
        let pairs = [1.0, 2, 3, 4, 5].map { (value: $0, weight: 1.0) }
        #expect(Quantiles.weighted(pairs, 0.5) == 3)
    }

    @Test func weightMovesTheWeightedMedian() {
        let pairs: [(value: Double, weight: Double)] = [(1, 1), (2, 1), (10, 8)]
        let median = Quantiles.weighted(pairs, 0.5)!
        #expect(median > 2 && median <= 10)
    }

    @Test func weightedQuantileIgnoresNonPositiveWeights() {
        #expect(Quantiles.weighted([(value: 1, weight: 0), (value: 5, weight: 1)], 0.5) == 5)
        #expect(Quantiles.weighted([], 0.5) == nil)
    }

    @Test func effectiveSampleSizeOfEqualWeightsIsTheCount() {
        #expect(Descriptive.effectiveSampleSize(weights: [1, 1, 1, 1]) == 4)
        #expect(abs(Descriptive.effectiveSampleSize(weights: [1, 9]) - 100.0 / 82.0) < 1e-12)
    }

    @Test func scaledMADOfANormalLikeSample() {
        #expect(Descriptive.scaledMAD([1, 2, 3, 4, 100])! == 1.4826)
        #expect(Descriptive.median([5, 1, 3]) == 3)
        #expect(Descriptive.variance([1]) == nil)
    }
}

@Suite("Log histogram")
struct LogHistogramTests {
    @Test func quantilesAreWithinTheBinWidthOfTheExactOnes() {
        var generator = SeededGenerator(seed: 3)
        var histogram = LogHistogram()
        var values: [Double] = []
        for _ in 0..<20_000 {
            let value = 5 + Double(generator.next() % 100_000) / 100
            values.append(value)
            histogram.add(value)
        }
        let exact = Quantiles.of(values, [0.1, 0.25, 0.5, 0.75, 0.9])
        let sketched = histogram.quantiles([0.1, 0.25, 0.5, 0.75, 0.9])!
        for (a, b) in zip(sketched, exact) { #expect(abs(a - b) / b < 0.001) }
        for (p, b) in zip([0.1, 0.25, 0.5, 0.75, 0.9], exact) { #expect(abs(histogram.quantile(p)! - b) / b < 0.001) }
        #expect(histogram.count == 20_000)
    }

    @Test func mergingEqualsAddingEverything() {
        var a = LogHistogram()
        var b = LogHistogram()
        var all = LogHistogram()
        for value in stride(from: 1.0, through: 500, by: 0.5) {
            if Int(value * 2) % 2 == 0 { a.add(value) } else { b.add(value) }
            all.add(value)
        }
        a.merge(b)
        #expect(a == all)
        #expect(LogHistogram().quantile(0.5) == nil)
    }

    @Test func valuesOutsideTheRangeKeepTheirExtremes() {
        var histogram = LogHistogram()
        histogram.add(0.001)
        histogram.add(10)
        histogram.add(1e9)
        #expect(histogram.quantile(0) == 0.001)
        #expect(histogram.quantile(1) == 1e9)
    }
}
