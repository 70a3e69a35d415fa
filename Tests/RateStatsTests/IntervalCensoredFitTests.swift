import Foundation
import RateStats
import Testing

@Suite("Interval-censored fit")
struct IntervalCensoredFitTests {
    // Reference values from scipy.stats.norm / scipy.stats.truncnorm.
    @Test func normalDistributionMatchesSciPy() {
        #expect(abs(StandardNormal.cumulative(1.2815515655446004) - 0.9) < 1e-12)
        #expect(abs(StandardNormal.cumulative(-3) - 0.0013498980316300933) < 1e-15)
        #expect(abs(StandardNormal.density(0) - 0.3989422804014327) < 1e-15)
    }

    @Test func truncatedMomentsMatchTheHalfNormal() {
        // N(0, 1) on [0, ∞): mean √(2/π), variance 1 − 2/π.
        let half = StandardNormal.truncatedMoments(mean: 0, sd: 1, lower: 0, upper: .infinity)
        #expect(abs(half.mean - (2 / Double.pi).squareRoot()) < 1e-12)
        #expect(abs(half.variance - (1 - 2 / Double.pi)) < 1e-12)
        // truncnorm(-1, 2, loc=0.5, scale=2).mean(): N(0.5, 2²) over [-1.5, 4.5]
        let shifted = StandardNormal.truncatedMoments(mean: 0.5, sd: 2, lower: -1.5, upper: 4.5)
        #expect(abs(shifted.mean - 0.959274358182658) < 1e-9)
        #expect(StandardNormal.truncatedMoments(mean: 0, sd: 1, lower: 2, upper: 2) == (2, 0))
        // Far in a tail the mass underflows; the nearest end is used rather than NaN.
        let far = StandardNormal.truncatedMoments(mean: 0, sd: 0.01, lower: 50, upper: .infinity)
        #expect(far.mean == 50)
    }

    /// Values drawn from known normals per group, then reported only as the bands a directory shows
    /// ("< 25", "25–49", "50–99", …, "300+"): the fit must recover the groups' medians and the spread
    /// that a midpoint average misses.
    @Test func recoversGroupMediansAndSpreadFromBands() {
        var generator = SeededGenerator(seed: 42)
        let truth: [(group: String, parent: String, median: Double, count: Int)] = [
            ("IN", "Asia", 30, 600), ("PK", "Asia", 35, 200), ("US", "NA", 90, 800), ("CA", "NA", 80, 150), ("PL", "EE", 60, 300),
            ("UA", "EE", 45, 200),
        ]
        let edges = [25.0, 50, 100, 150, 200, 300]
        let spread = 0.55
        var values: [IntervalCensoredFit<String, String, String>.Value] = []
        for group in truth {
            for _ in 0..<group.count {
                let rate = group.median * exp(spread * generator.normal())
                let upperIndex = edges.firstIndex { rate < $0 }
                let lower = upperIndex.map { $0 == 0 ? -Double.infinity : log(edges[$0 - 1]) } ?? log(edges.last!)
                let upper = upperIndex.map { log(edges[$0]) } ?? .infinity
                values.append(.init(lower: lower, upper: upper, group: group.group, parent: group.parent, covariate: nil))
            }
        }
        let fit = IntervalCensoredFit(values: values, referenceCovariate: nil)
        for group in truth {
            let fitted = exp(fit.groups[group.group]!.mean)
            #expect(abs(fitted / group.median - 1) < 0.08, "\(group.group): fitted \(fitted), true \(group.median)")
        }
        #expect(abs(fit.overallSpread - spread) < 0.05, "spread \(fit.overallSpread)")
        #expect(fit.iterations < 500)
    }

    @Test func aSmallGroupIsShrunkTowardItsParent() {
        var values: [IntervalCensoredFit<String, String, String>.Value] = []
        for index in 0..<200 { values.append(.init(lower: log(50), upper: log(100), group: index % 2 == 0 ? "A" : "B", parent: "P", covariate: nil)) }
        // One listing in C, far above its parent.
        values.append(.init(lower: log(300), upper: .infinity, group: "C", parent: "P", covariate: nil))
        let fit = IntervalCensoredFit(values: values, referenceCovariate: nil)
        let parent = fit.parents["P"]!.mean
        let small = fit.groups["C"]!.mean
        #expect(small > parent)
        #expect(small < log(300), "one open-ended listing must not carry its group to the band's edge")
    }

    @Test func aCovariateEffectIsMeasuredAgainstItsReference() {
        var values: [IntervalCensoredFit<String, String, String>.Value] = []
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let large = generator.uniform() < 0.3
            let value = log(60) + (large ? -0.4 : 0) + 0.3 * generator.normal()
            values.append(.init(lower: value, upper: value, group: "X", parent: "P", covariate: large ? "large" : "small"))
        }
        let fit = IntervalCensoredFit(values: values, referenceCovariate: "small")
        #expect(fit.covariateEffects["small"] == 0)
        #expect(abs(fit.covariateEffects["large"]! + 0.4) < 0.04)
        #expect(abs(exp(fit.groups["X"]!.mean) - 60) < 2)
    }
}

/// Uniform and normal draws from RateStats' seeded generator, so the simulated data are the same on every run.
extension SeededGenerator {
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Box–Muller.
    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300)
        let v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
