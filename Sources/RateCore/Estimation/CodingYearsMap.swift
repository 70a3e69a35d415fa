/// How total years of coding (Stack Overflow's YearsCode, study and hobby included) map onto
/// professional years, learned from respondents who answered both (Stack Overflow 2024).
///
/// Rows whose source asks only total years (Stack Overflow 2025) are placed on the experience curve
/// at the median professional years of respondents with the same total years, never at their total
/// years as if it were professional experience.
public struct CodingYearsMap: Sendable, Codable, Hashable {
    /// One whole number of coding years and the median professional years of the rows that gave it.
    public struct Point: Sendable, Codable, Hashable {
        public var codingYears: Int
        public var professionalYears: Double
        public var rows: Int
    }

    /// Points with enough rows, by coding years ascending.
    public var points: [Point]
    /// Rows that answered both questions (0: the prior rule is used).
    public var rows: Int
    /// Rows placed on the curve through the map in the last fit.
    public var appliedRows: Int

    /// Used only where no row has both answers: professional years = total years − 4, at least 0
    /// (the median gap in Stack Overflow 2024 for 8–30 coding years).
    public static let priorGap = 4.0

    /// Fits the map: medians of professional years per whole coding year with at least `minimumRows` rows.
    public static func learn(from observations: [Observation], minimumRows: Int = 20) -> CodingYearsMap {
        var byCoding: [Int: [Double]] = [:]
        var rows = 0
        for observation in observations {
            guard let coding = observation.experience.codingYears, let professional = observation.experience.years,
                coding.isFinite, professional.isFinite, coding >= 0, coding <= 60
            else { continue }
            byCoding[Int(saturating: coding.rounded()), default: []].append(professional)
            rows += 1
        }
        let points = byCoding.sorted { $0.key < $1.key }.compactMap { coding, values -> Point? in
            guard values.count >= minimumRows else { return nil }
            let sorted = values.sorted()
            let middle = sorted.count / 2
            let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
            return Point(codingYears: coding, professionalYears: median, rows: values.count)
        }
        return CodingYearsMap(points: points, rows: rows, appliedRows: 0)
    }

    /// Professional years for `coding` total years: linear between the learned points, the last
    /// point's gap beyond them, proportional below the first; the prior rule when nothing was learned.
    public func professionalYears(forCoding coding: Double) -> Double {
        let coding = max(0, coding)
        guard let first = points.first, let last = points.last else { return max(0, coding - Self.priorGap) }
        if coding <= Double(first.codingYears) {
            return first.codingYears == 0 ? first.professionalYears : first.professionalYears * coding / Double(first.codingYears)
        }
        if coding >= Double(last.codingYears) { return max(0, last.professionalYears + coding - Double(last.codingYears)) }
        let upper = points.firstIndex { Double($0.codingYears) >= coding }!
        let a = points[upper - 1]
        let b = points[upper]
        let t = (coding - Double(a.codingYears)) / Double(b.codingYears - a.codingYears)
        return a.professionalYears + t * (b.professionalYears - a.professionalYears)
    }
}
