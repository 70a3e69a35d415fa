/// Quantile estimators over plain `Double` samples.
///
/// The unweighted estimator is Hyndman & Fan type 7 (the default of R, NumPy and DuckDB's
/// `quantile_cont`), so figures can be checked against those tools.
public enum Quantiles {
    /// The `p`-quantile of `sorted` (ascending), linear interpolation between order statistics (type 7).
    /// - Precondition: `sorted` is non-empty and ascending; `p` is within `0...1`.
    public static func sorted(_ sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "quantile of an empty sample")
        precondition((0...1).contains(p), "quantile probability must be within 0...1")
        if sorted.count == 1 { return sorted[0] }
        let h = Double(sorted.count - 1) * p
        let lower = Int(h.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = h - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// Several quantiles of an unsorted sample; sorts a copy once.
    public static func of(_ values: [Double], _ ps: [Double]) -> [Double] {
        let sortedValues = values.sorted()
        return ps.map { sorted(sortedValues, $0) }
    }

    /// Weighted quantile: the value below which a share `p` of the total weight lies, interpolating
    /// between the mid-points of each observation's weight (so equal weights reproduce type 7 closely).
    /// Observations with non-positive weight are ignored.
    public static func weighted(_ pairs: [(value: Double, weight: Double)], _ p: Double) -> Double? {
        let usable = pairs.filter { $0.weight > 0 && $0.value.isFinite }.sorted { $0.value < $1.value }
        guard !usable.isEmpty else { return nil }
        if usable.count == 1 { return usable[0].value }
        let total = usable.reduce(0) { $0 + $1.weight }
        // Position of each observation's centre on the cumulative weight scale, normalised to 0...1.
        var centres: [Double] = []
        centres.reserveCapacity(usable.count)
        var running = 0.0
        for pair in usable {
            centres.append((running + pair.weight / 2) / total)
            running += pair.weight
        }
        let first = centres[0]
        let last = centres[centres.count - 1]
        let target = first + (last - first) * p
        var index = 0
        while index < centres.count - 1 && centres[index + 1] < target { index += 1 }
        if index >= centres.count - 1 { return usable[usable.count - 1].value }
        let span = centres[index + 1] - centres[index]
        let fraction = span > 0 ? (target - centres[index]) / span : 0
        return usable[index].value + (usable[index + 1].value - usable[index].value) * fraction
    }
}
