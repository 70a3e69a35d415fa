import Foundation

/// Quantiles of positive values from a histogram with logarithmically spaced bins: constant memory
/// whatever the number of values, one array increment per value, and a relative error bounded by
/// the bin width (2⁻¹¹ ≈ 0.05 %).
///
/// Bins are the top bits of the IEEE 754 representation (exponent and 11 mantissa bits), as in
/// HdrHistogram, so a value's bin needs no logarithm. Written here because none of the mirrored
/// packages offers a weighted, mergeable quantile sketch with a hard error bound (hdrhistogram-swift
/// counts integers only).
public struct LogHistogram: Sendable, Hashable {
    static let shift: UInt64 = 52 - 11
    public let lowerBound: Double
    public let upperBound: Double
    private let base: Int
    private var counts: [Double]
    /// Values below the lower bound and from the upper bound up, kept with their extremes.
    private var below = 0.0, above = 0.0
    public private(set) var count = 0.0
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity

    public init(lowerBound: Double = 0.05, upperBound: Double = 20_000) {
        precondition(lowerBound > 0 && upperBound > lowerBound)
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        base = Int(lowerBound.bitPattern >> Self.shift)
        counts = [Double](repeating: 0, count: Int(upperBound.bitPattern >> Self.shift) - base + 1)
    }

    /// Bytes of counters: what the sketch costs, whatever the number of values.
    public var memoryBytes: Int { counts.count * MemoryLayout<Double>.size }

    @inline(__always) public mutating func add(_ value: Double, weight: Double = 1) {
        guard value.isFinite, value > 0, weight > 0 else { return }
        count += weight
        if value < minimum { minimum = value }
        if value > maximum { maximum = value }
        if value < lowerBound {
            below += weight
            return
        }
        if value >= upperBound {
            above += weight
            return
        }
        counts[Int(value.bitPattern >> Self.shift) - base] += weight
    }

    /// Key of the bin below the lower bound and of the one from the upper bound up, in `binKey(_:)`'s terms.
    public static let belowKey = -1, aboveKey = -2

    /// The bin a value falls in: its IEEE 754 exponent and top 11 mantissa bits, or `belowKey` /
    /// `aboveKey` outside the bounds. For aggregating elsewhere (in a database, with the same
    /// arithmetic) and adding the totals back with `add(binKey:weight:minimum:maximum:)`.
    public func binKey(_ value: Double) -> Int { Self.binKey(value, lowerBound: lowerBound, upperBound: upperBound) }

    /// `binKey(_:)` for a histogram with these bounds.
    public static func binKey(_ value: Double, lowerBound: Double, upperBound: Double) -> Int {
        if value < lowerBound { return belowKey }
        if value >= upperBound { return aboveKey }
        return Int(value.bitPattern >> shift)
    }

    /// Adds a bin's total weight, aggregated elsewhere, with the smallest and largest value in it.
    public mutating func add(binKey: Int, weight: Double, minimum binMinimum: Double, maximum binMaximum: Double) {
        guard weight > 0 else { return }
        count += weight
        minimum = Swift.min(minimum, binMinimum)
        maximum = Swift.max(maximum, binMaximum)
        switch binKey {
        case Self.belowKey: below += weight
        case Self.aboveKey: above += weight
        default:
            let index = binKey - base
            precondition(counts.indices.contains(index), "bin key \(binKey) is outside this histogram's bounds")
            counts[index] += weight
        }
    }

    public mutating func merge(_ other: LogHistogram) {
        precondition(other.counts.count == counts.count && other.lowerBound == lowerBound)
        for index in counts.indices { counts[index] += other.counts[index] }
        below += other.below
        above += other.above
        count += other.count
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }

    /// The value at a position within bin `index`, `position` in 0...1 from its lower edge.
    @inline(__always) func value(inBin index: Int, at position: Double) -> Double {
        let low = Double(bitPattern: UInt64(index + base) << Self.shift)
        let high = Double(bitPattern: UInt64(index + base + 1) << Self.shift)
        return low + (high - low) * position
    }

    /// Several quantiles in one pass over the bins, with linear interpolation between order
    /// statistics (type 7, as NumPy, pandas and DuckDB's `quantile_cont`) and the values of a bin
    /// assumed evenly spread across it; `nil` when empty.
    public func quantiles(_ ps: [Double]) -> [Double]? {
        guard count > 0 else { return nil }
        var ranks: [(rank: Double, slot: Int)] = []
        for (slot, p) in ps.enumerated() {
            let h = (count - 1) * p
            let low = h.rounded(.down)
            ranks.append((low, slot * 2))
            ranks.append((Swift.min(low + 1, count - 1), slot * 2 + 1))
        }
        ranks.sort { $0.rank < $1.rank }
        var values = [Double](repeating: maximum, count: ps.count * 2)
        var next = 0
        while next < ranks.count && ranks[next].rank < below {
            values[ranks[next].slot] = minimum
            next += 1
        }
        var seen = below
        for (index, binCount) in counts.enumerated() where binCount > 0 {
            while next < ranks.count && ranks[next].rank < seen + binCount {
                values[ranks[next].slot] = value(inBin: index, at: (ranks[next].rank - seen + 0.5) / binCount)
                next += 1
            }
            seen += binCount
            if next == ranks.count { break }
        }
        return ps.enumerated().map { slot, p in
            let h = (count - 1) * p
            let a = values[slot * 2]
            let b = values[slot * 2 + 1]
            return Swift.min(Swift.max(a + (b - a) * (h - h.rounded(.down)), minimum), maximum)
        }
    }

    /// The `p`-quantile (see `quantiles(_:)`).
    public func quantile(_ p: Double) -> Double? { quantiles([p])?.first }
}
