/// Weighted least squares with per-coefficient ridge penalties, accumulated one sparse row at a time.
///
/// A penalty of 0 leaves a coefficient free (ordinary least squares); a positive penalty shrinks it
/// toward 0, which for dummy-coded groups is partial pooling toward the parent level: a group with
/// few rows moves little from its parent, a group with many rows follows its data.
public struct RidgeRegression: Sendable {
    public let columnCount: Int
    /// Upper triangle of XᵀWX, row-major.
    private var gram: [Double]
    private var moment: [Double]
    public private(set) var weightSum = 0.0
    public private(set) var rowCount = 0
    private var weightedSquares = 0.0

    public init(columnCount: Int) {
        self.columnCount = columnCount
        gram = [Double](repeating: 0, count: columnCount * columnCount)
        moment = [Double](repeating: 0, count: columnCount)
    }

    /// Adds one observation: `entries` are (column, value) pairs of its non-zero regressors.
    public mutating func add(_ entries: [(column: Int, value: Double)], response: Double, weight: Double = 1) {
        guard weight > 0, response.isFinite else { return }
        for (i, a) in entries {
            moment[i] += weight * a * response
            for (j, b) in entries where j >= i {
                gram[i * columnCount + j] += weight * a * b
            }
        }
        weightSum += weight
        rowCount += 1
        weightedSquares += weight * response * response
    }

    /// The fitted coefficients, their standard errors and the residual variance.
    public struct Solution: Sendable, Codable, Hashable {
        public var coefficients: [Double]
        public var standardErrors: [Double]
        /// Weighted residual variance, σ².
        public var residualVariance: Double
        /// (XᵀWX + Λ)⁻¹ scaled by σ²: the approximate covariance of the coefficients.
        public var covariance: [Double]
    }

    /// Solves (XᵀWX + diag(penalties)) β = XᵀWy by Cholesky decomposition.
    /// - Parameter withCovariance: `false` skips the inverse (two thirds of the work) for an
    ///   intermediate solve whose standard errors nobody reads; `covariance` and `standardErrors`
    ///   are then empty.
    /// - Throws: `RidgeError.singular` when a free coefficient has no data.
    public func solve(penalties: [Double], withCovariance: Bool = true) throws(RidgeError) -> Solution {
        precondition(penalties.count == columnCount)
        let n = columnCount
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                let value = gram[i * n + j]
                a[i * n + j] = value
                a[j * n + i] = value
            }
            a[i * n + i] += penalties[i]
        }
        // Cholesky: a = L Lᵀ, L stored in the lower triangle.
        for j in 0..<n {
            var diagonal = a[j * n + j]
            for k in 0..<j { diagonal -= a[j * n + k] * a[j * n + k] }
            guard diagonal > 1e-12 else { throw .singular(column: j) }
            let root = diagonal.squareRoot()
            a[j * n + j] = root
            for i in (j + 1)..<max(j + 1, n) {
                var value = a[i * n + j]
                for k in 0..<j { value -= a[i * n + k] * a[j * n + k] }
                a[i * n + j] = value / root
            }
        }
        func solveLower(_ b: [Double]) -> [Double] {
            var x = b
            for i in 0..<n {
                var value = x[i]
                for k in 0..<i { value -= a[i * n + k] * x[k] }
                x[i] = value / a[i * n + i]
            }
            return x
        }
        func solveUpper(_ b: [Double]) -> [Double] {
            var x = b
            for i in stride(from: n - 1, through: 0, by: -1) {
                var value = x[i]
                for k in (i + 1)..<max(i + 1, n) { value -= a[k * n + i] * x[k] }
                x[i] = value / a[i * n + i]
            }
            return x
        }
        let beta = solveUpper(solveLower(moment))
        // Residual sum of squares from the accumulated moments: yᵀWy − 2βᵀXᵀWy + βᵀXᵀWXβ.
        var fitted = 0.0
        for i in 0..<n {
            var row = 0.0
            for j in 0..<n {
                let g = i <= j ? gram[i * n + j] : gram[j * n + i]
                row += g * beta[j]
            }
            fitted += beta[i] * row
        }
        var cross = 0.0
        for i in 0..<n { cross += beta[i] * moment[i] }
        let rss = max(0, weightedSquares - 2 * cross + fitted)
        let degrees = max(1.0, weightSum - Double(n))
        let sigma2 = rss / degrees
        guard withCovariance else { return Solution(coefficients: beta, standardErrors: [], residualVariance: sigma2, covariance: []) }
        // Inverse of (XᵀWX + Λ) column by column.
        var inverse = [Double](repeating: 0, count: n * n)
        for column in 0..<n {
            var unit = [Double](repeating: 0, count: n)
            unit[column] = 1
            let x = solveUpper(solveLower(unit))
            for row in 0..<n { inverse[row * n + column] = x[row] * sigma2 }
        }
        let errors = (0..<n).map { inverse[$0 * n + $0].squareRoot() }
        return Solution(coefficients: beta, standardErrors: errors, residualVariance: sigma2, covariance: inverse)
    }
}

public enum RidgeError: Error, Sendable, Hashable {
    /// The system has no unique solution: a free (unpenalised) column has no data.
    case singular(column: Int)
}

/// SplitMix64: a small, fast, seedable generator, so that hold-out splits are reproducible.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
