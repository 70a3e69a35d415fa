/// Robust and classical summaries of a sample.
public enum Descriptive {
    /// Arithmetic mean; `nil` for an empty sample.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// Sample variance (n − 1 denominator); `nil` below two values.
    public static func variance(_ values: [Double]) -> Double? {
        guard values.count > 1, let m = mean(values) else { return nil }
        return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
    }

    /// Median of an unsorted sample; `nil` for an empty one.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return Quantiles.of(values, [0.5])[0]
    }

    /// Median absolute deviation, scaled by 1.4826 so that it estimates σ for normal data.
    public static func scaledMAD(_ values: [Double]) -> Double? {
        guard let centre = median(values) else { return nil }
        return median(values.map { abs($0 - centre) }).map { $0 * 1.4826 }
    }

    /// Kish's effective sample size, (Σw)² / Σw², for weighted observations.
    public static func effectiveSampleSize(weights: [Double]) -> Double {
        let sum = weights.reduce(0, +)
        let squares = weights.reduce(0) { $0 + $1 * $1 }
        return squares > 0 ? sum * sum / squares : 0
    }
}
