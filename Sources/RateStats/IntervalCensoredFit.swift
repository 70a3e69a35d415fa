import Foundation

/// The standard normal distribution: density, distribution function and the moments of a normal
/// variable truncated to an interval, which is what fitting interval data needs.
///
/// Written here because no mirrored package has a normal distribution: swift-numerics (in the tree
/// only as another package's dependency) has `erfc` but no distributions, and the C library's
/// `erfc` already gives full double precision in the tails.
public enum StandardNormal {
    public static func density(_ z: Double) -> Double {
        guard z.isFinite else { return 0 }
        return exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
    }

    public static func cumulative(_ z: Double) -> Double {
        if z == -.infinity { return 0 }
        if z == .infinity { return 1 }
        return 0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// z-scores of P10, P25, P50, P75 and P90.
    public static let decileScores: [Double] = [-1.2815515655446004, -0.6744897501960817, 0, 0.6744897501960817, 1.2815515655446004]

    /// Mean and variance of `N(mean, sd²)` restricted to `[lower, upper]` (either may be infinite).
    /// A degenerate interval is an exact value.
    public static func truncatedMoments(mean: Double, sd: Double, lower: Double, upper: Double) -> (mean: Double, variance: Double) {
        if lower == upper { return (lower, 0) }
        let a = (lower - mean) / sd
        let b = (upper - mean) / sd
        let mass = cumulative(b) - cumulative(a)
        // Far in one tail the mass underflows; the interval's nearest finite end is then the best point.
        guard mass > 1e-12 else {
            let point = a > 0 ? (lower.isFinite ? lower : upper) : (upper.isFinite ? upper : lower)
            return (point, 0)
        }
        let da = density(a)
        let db = density(b)
        let ta = a.isFinite ? a * da : 0
        let tb = b.isFinite ? b * db : 0
        let shift = (da - db) / mass
        let variance = sd * sd * max(0, 1 + (ta - tb) / mass - shift * shift)
        return (mean + sd * shift, variance)
    }
}

/// Fits a normal model with nested random intercepts (world → parent group → group), a fixed
/// effect for one categorical covariate, and a spread per parent group, to values observed as
/// intervals (some open-ended, some exact), by expectation–maximisation.
///
/// The E-step replaces each interval by the mean and variance of the current normal truncated to
/// it; the M-step refits the nested means with shrinkage (a group with n values moves from its
/// parent by n/(n + σ²/τ²) of its own mean's distance), the covariate's effects against a reference
/// level, the between-group variances τ² by moments, and each parent's σ pooled toward the
/// overall σ. It works on whatever scale the values are given (RateCard passes log rates).
public struct IntervalCensoredFit<Group: Hashable & Sendable, Parent: Hashable & Sendable, Covariate: Hashable & Sendable>: Sendable {
    public struct Value: Sendable {
        public var lower: Double
        public var upper: Double
        public var group: Group
        public var parent: Parent
        public var covariate: Covariate?

        /// - Parameters: lower, upper: the interval (`-infinity` or `infinity` for an open end; equal for an exact value).
        public init(lower: Double, upper: Double, group: Group, parent: Parent, covariate: Covariate?) {
            self.lower = lower
            self.upper = upper
            self.group = group
            self.parent = parent
            self.covariate = covariate
        }
    }

    public struct Level: Sendable, Hashable {
        public var mean: Double
        public var count: Int
    }

    public var overallMean: Double
    public var overallSpread: Double
    public var parents: [Parent: Level]
    public var groups: [Group: Level]
    /// Each parent's spread, pooled toward `overallSpread`.
    public var spreads: [Parent: Double]
    /// Effects of the covariate's levels against the reference level (0 for the reference).
    public var covariateEffects: [Covariate: Double]
    public var parentVariance: Double
    public var groupVariance: Double
    public var iterations: Int

    /// - Parameters:
    ///   - referenceCovariate: the level whose effect is 0; the group means are for it.
    ///   - spreadPseudoCount: how many values' worth of weight the overall spread gets in each parent's spread.
    public init(
        values: [Value],
        referenceCovariate: Covariate?,
        spreadPseudoCount: Double = 30,
        maximumIterations: Int = 500,
        tolerance: Double = 1e-7
    ) {
        precondition(!values.isEmpty, "an interval fit needs values")
        var points = values.map { value -> Double in
            switch (value.lower.isFinite, value.upper.isFinite) {
            case (true, true): (value.lower + value.upper) / 2
            case (true, false): value.lower
            case (false, true): value.upper
            case (false, false): 0
            }
        }
        var variances = [Double](repeating: 0, count: values.count)
        var overall = points.reduce(0, +) / Double(points.count)
        var spread = 0.5
        var parentMeans: [Parent: Double] = [:]
        var groupMeans: [Group: Double] = [:]
        var parentCounts: [Parent: Int] = [:]
        var groupCounts: [Group: Int] = [:]
        var groupParent: [Group: Parent] = [:]
        for value in values {
            parentCounts[value.parent, default: 0] += 1
            groupCounts[value.group, default: 0] += 1
            groupParent[value.group] = value.parent
        }
        var effects: [Covariate: Double] = [:]
        var spreads: [Parent: Double] = [:]
        var tauParent = 0.09
        var tauGroup = 0.09
        var iteration = 0
        var previous = Double.infinity
        while iteration < maximumIterations {
            iteration += 1
            let effect = { (value: Value) in value.covariate.flatMap { effects[$0] } ?? 0 }
            // M-step: nested shrunken means on covariate-adjusted points.
            overall = zip(values, points).reduce(0) { $0 + $1.1 - effect($1.0) } / Double(values.count)
            var parentSums: [Parent: Double] = [:]
            for (value, point) in zip(values, points) { parentSums[value.parent, default: 0] += point - effect(value) }
            for (parent, sum) in parentSums {
                let n = Double(parentCounts[parent]!)
                let sigma = spreads[parent] ?? spread
                let precision = n / (sigma * sigma)
                let prior = 1 / tauParent
                parentMeans[parent] = (sum / (sigma * sigma) + overall * prior) / (precision + prior)
            }
            var groupSums: [Group: Double] = [:]
            for (value, point) in zip(values, points) { groupSums[value.group, default: 0] += point - effect(value) }
            for (group, sum) in groupSums {
                let parent = groupParent[group]!
                let n = Double(groupCounts[group]!)
                let sigma = spreads[parent] ?? spread
                let precision = n / (sigma * sigma)
                let prior = 1 / tauGroup
                groupMeans[group] = (sum / (sigma * sigma) + parentMeans[parent]! * prior) / (precision + prior)
            }
            // Covariate effects: mean residual per level, against the reference.
            var residualSums: [Covariate: (sum: Double, count: Double)] = [:]
            for (value, point) in zip(values, points) {
                guard let covariate = value.covariate else { continue }
                residualSums[covariate, default: (0, 0)].sum += point - groupMeans[value.group]!
                residualSums[covariate, default: (0, 0)].count += 1
            }
            let reference = referenceCovariate.flatMap { residualSums[$0] }.map { $0.sum / $0.count } ?? 0
            effects = residualSums.mapValues { $0.sum / $0.count - reference }
            // Spreads: expected squared residuals, per parent pooled toward the overall.
            var squareSums: [Parent: Double] = [:]
            var total = 0.0
            for (index, value) in values.enumerated() {
                let residual = points[index] - groupMeans[value.group]! - effect(value)
                let square = residual * residual + variances[index]
                squareSums[value.parent, default: 0] += square
                total += square
            }
            spread = max(1e-3, (total / Double(values.count)).squareRoot())
            for (parent, sum) in squareSums {
                let n = Double(parentCounts[parent]!)
                spreads[parent] = max(1e-3, ((sum + spreadPseudoCount * spread * spread) / (n + spreadPseudoCount)).squareRoot())
            }
            // Between-group variances by moments: the spread of group means beyond their sampling noise.
            func betweenVariance<Key: Hashable>(_ means: [Key: Double], _ counts: [Key: Int], centre: (Key) -> Double) -> Double {
                let keys = means.keys.filter { (counts[$0] ?? 0) >= 5 }
                guard keys.count >= 3 else { return 0.09 }
                let excess =
                    keys.reduce(0.0) { sum, key in
                        let deviation = means[key]! - centre(key)
                        return sum + deviation * deviation
                    } / Double(keys.count)
                return max(0.0025, excess)
            }
            var rawGroupMeans: [Group: Double] = [:]
            for (group, sum) in groupSums { rawGroupMeans[group] = sum / Double(groupCounts[group]!) }
            var rawParentMeans: [Parent: Double] = [:]
            for (parent, sum) in parentSums { rawParentMeans[parent] = sum / Double(parentCounts[parent]!) }
            tauGroup = betweenVariance(rawGroupMeans, groupCounts) { parentMeans[groupParent[$0]!]! }
            tauParent = betweenVariance(rawParentMeans, parentCounts) { _ in overall }
            // E-step: each interval's expected point and variance under the current fit.
            var change = 0.0
            for (index, value) in values.enumerated() {
                let mean = groupMeans[value.group]! + effect(value)
                let moments = StandardNormal.truncatedMoments(mean: mean, sd: spreads[value.parent] ?? spread, lower: value.lower, upper: value.upper)
                change = max(change, abs(moments.mean - points[index]))
                points[index] = moments.mean
                variances[index] = moments.variance
            }
            if change < tolerance && abs(previous - spread) < tolerance { break }
            previous = spread
        }
        overallMean = overall
        overallSpread = spread
        parents = parentMeans.reduce(into: [:]) { $0[$1.key] = Level(mean: $1.value, count: parentCounts[$1.key]!) }
        groups = groupMeans.reduce(into: [:]) { $0[$1.key] = Level(mean: $1.value, count: groupCounts[$1.key]!) }
        self.spreads = spreads
        covariateEffects = effects
        parentVariance = tauParent
        groupVariance = tauGroup
        iterations = iteration
    }
}
