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
