/// Employer social security at the average wage, per OECD country: OECD Taxing Wages, as the Tax
/// Foundation tabulates it (`oecd-taxing-wages-2022.csv`). Used where the employer-cost table has
/// no detailed entry for a country, in place of the regional default.
public struct LabourTaxTable: Sendable, Hashable {
    /// One country's wedge for a single worker without children at the average wage.
    public struct Country: Sendable, Hashable {
        /// Employer social security and payroll taxes, as a share of labour cost (gross pay plus them).
        public var employerShareOfLabourCost: Double
        public var employeeShareOfLabourCost: Double
        public var incomeTaxShareOfLabourCost: Double
        /// Average labour cost per employee, in US dollars of the table's year.
        public var averageLabourCostUSD: Double

        /// The marginal tax wedge (income tax and both sides' contributions, less cash benefits, per
        /// extra unit of labour cost) by gross pay in US dollars, from 50 % to 150 % of the average wage.
        public var marginalWedges: [MarginalWedge] = []

        /// The employer's rate on gross pay: OECD states it as a share of labour cost, s, so the rate
        /// on gross is s / (1 − s) (Czechia: 25.26 % of labour cost is 33.8 % of gross).
        public var employerRateOnGross: Double { employerShareOfLabourCost / (1 - employerShareOfLabourCost) }

        /// Gross pay at the average wage, in US dollars of the table's year.
        public var averageGrossUSD: Double { averageLabourCostUSD * (1 - employerShareOfLabourCost) }

        /// Income tax and employee contributions as a share of gross pay at `multiple` × the average
        /// wage, or nil where OECD counts no employee tax at all (Colombia: its contributions are
        /// non-tax compulsory payments in Taxing Wages).
        ///
        /// From the average wage, where the table states them, employee taxes change with gross pay
        /// g by m × (1 + r) − r: the marginal wedge m is per unit of labour cost, g(1 + r), of which
        /// the employer's part is r per unit of gross (r taken as constant: no ceilings). The
        /// marginal wedge is integrated step by step over the published points, notches included
        /// (a wedge above 1 or below 0 is a tax credit or exemption lost or gained within one step).
        /// Outside 50–150 % the nearest point's wedge carries on, skipping notches.
        public func employeeTaxShare(atMultipleOfAverageWage multiple: Double) -> Double? {
            let employeeShare = incomeTaxShareOfLabourCost + employeeShareOfLabourCost
            guard employeeShare > 0, multiple > 0, multiple.isFinite, !marginalWedges.isEmpty else { return nil }
            let r = employerRateOnGross
            let average = averageGrossUSD
            let target = multiple * average
            let points = marginalWedges.sorted { $0.grossUSD < $1.grossUSD }
            let lowest = points.first { (0..<1).contains($0.wedge) } ?? points[0]
            let highest = points.last { (0..<1).contains($0.wedge) } ?? points[points.count - 1]
            /// The wedge that applies on the step starting at gross pay `x`.
            func wedge(at x: Double) -> Double {
                if x < points[0].grossUSD { return lowest.wedge }
                if x >= points[points.count - 1].grossUSD { return highest.wedge }
                return (points.last { $0.grossUSD <= x } ?? lowest).wedge
            }
            var tax = employeeShare * averageLabourCostUSD
            var edges = points.map(\.grossUSD).filter { min(average, target) < $0 && $0 < max(average, target) }
            edges = [min(average, target)] + edges + [max(average, target)]
            var integral = 0.0
            for (from, to) in zip(edges, edges.dropFirst()) { integral += (wedge(at: from) * (1 + r) - r) * (to - from) }
            tax += target >= average ? integral : -integral
            return min(max(tax / target, 0), 1)
        }
    }

    /// One point of the marginal-wedge table.
    public struct MarginalWedge: Sendable, Hashable {
        public var percentOfAverageWage: Int
        public var wedge: Double
        public var grossUSD: Double
    }

    public var year: Int
    public var source: String
    public private(set) var countries: [CountryCode: Country] = [:]

    public static let empty = LabourTaxTable(year: 0, source: "", countries: [:])

    public init(year: Int, source: String, countries: [CountryCode: Country]) {
        self.year = year
        self.source = source
        self.countries = countries
    }

    /// - Parameter rows: rows of the Tax Foundation's `Table1` (`ISO2`, `Employer Payroll Taxes in %`…), header on line 1.
    public init(rows: [[String: String]], year: Int, source: String, file: String) throws(ReferenceDataError) {
        self.year = year
        self.source = source
        func percent(_ row: [String: String], _ column: String, line: Int) throws(ReferenceDataError) -> Double {
            guard let text = row[column]?.trimmed, let value = Double(text), value.isFinite, (0..<100).contains(value) else {
                throw .invalidRow(
                    table: file,
                    line: line,
                    reason: "\(column): '\(InputQuote.make(row[column] ?? ""))' is not a percentage from 0 to 100"
                )
            }
            return value / 100
        }
        for (index, row) in rows.enumerated() {
            let line = index + 2
            // The table's own OECD average row ("OAVG", "OV") is not a country.
            guard row["ISO3"]?.trimmed != "OAVG" else { continue }
            guard let code = CountryCode(row["ISO2"]?.trimmed ?? "") else {
                throw .invalidRow(table: file, line: line, reason: "ISO2: '\(InputQuote.make(row["ISO2"] ?? ""))' is not an ISO 3166 alpha-2 code")
            }
            guard let cost = Double(row["Total Average Annual Labor Cost per Employee in $"]?.trimmed ?? ""), cost > 0 else {
                throw .invalidRow(table: file, line: line, reason: "Total Average Annual Labor Cost per Employee in $: not a positive amount")
            }
            countries[code] = Country(
                employerShareOfLabourCost: try percent(row, "Employer Payroll Taxes in %", line: line),
                employeeShareOfLabourCost: try percent(row, "Employee Payroll Taxes in %", line: line),
                incomeTaxShareOfLabourCost: try percent(row, "Income Tax in %", line: line),
                averageLabourCostUSD: cost
            )
        }
    }

    public subscript(country: CountryCode) -> Country? { countries[country] }

    /// Adds the marginal tax wedges (`COU` as ISO3, `% of Total Earnings`, `Marginal Tax Wedge`,
    /// `Annual Gross Wage in US Dollars`); countries are matched through the ISO3 codes of `Table1`.
    public mutating func addMarginalWedges(rows: [[String: String]], iso3: [String: CountryCode], file: String) throws(ReferenceDataError) {
        for (index, row) in rows.enumerated() {
            let line = index + 2
            guard let code = iso3[row["COU"]?.trimmed ?? ""], countries[code] != nil else {
                throw .invalidRow(
                    table: file,
                    line: line,
                    reason: "COU: '\(InputQuote.make(row["COU"] ?? ""))' is not an ISO3 code of the OECD table"
                )
            }
            guard let percent = Int(row["% of Total Earnings"]?.trimmed ?? ""), (1...1000).contains(percent),
                let wedge = Double(row["Marginal Tax Wedge"]?.trimmed ?? ""), wedge.isFinite, (-10...10).contains(wedge),
                let gross = Double(row["Annual Gross Wage in US Dollars"]?.trimmed ?? ""), gross > 0
            else {
                throw .invalidRow(
                    table: file,
                    line: line,
                    reason: "needs a percentage of earnings, a marginal wedge from −10 to 10 and a positive gross wage"
                )
            }
            countries[code]?.marginalWedges.append(MarginalWedge(percentOfAverageWage: percent, wedge: wedge, grossUSD: gross))
        }
    }

    /// ISO3 → ISO2 of the rows of `Table1` (its `ISO3` and `ISO2` columns).
    public static func iso3Codes(rows: [[String: String]]) -> [String: CountryCode] {
        var codes: [String: CountryCode] = [:]
        for row in rows { if let iso3 = row["ISO3"]?.trimmed, let code = CountryCode(row["ISO2"]?.trimmed ?? "") { codes[iso3] = code } }
        return codes
    }
}

/// Minimum paid annual leave per country, in working days: `statutory-leave.csv` (after Wikipedia's
/// "List of minimum annual leave by country") with the bundled corrections applied.
public struct StatutoryLeaveTable: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var workingDays: Double
        /// Paid public holidays as the table states them (a range where they vary by region).
        public var publicHolidays: ClosedRange<Int>?
        public var note: String
        /// Why the table's own figure was replaced, with the source; nil when it is used as published.
        public var correction: String?
    }

    public private(set) var countries: [CountryCode: Entry] = [:]
    public var source: String

    public static let empty = StatutoryLeaveTable(source: "")

    init(source: String) { self.source = source }

    /// - Parameters:
    ///   - rows: `iso2, country, annual_leave_days, public_holidays_min, public_holidays_max, note`.
    ///   - corrections: `iso2, annual_leave_working_days, reason, source`: each replaces a row's figure.
    public init(
        rows: [[String: String]],
        corrections: [[String: String]],
        source: String,
        file: String,
        correctionsFile: String
    ) throws(ReferenceDataError) {
        self.source = source
        for (index, row) in rows.enumerated() {
            let line = index + 2
            guard let code = CountryCode(row["iso2"]?.trimmed ?? "") else {
                throw .invalidRow(table: file, line: line, reason: "iso2: '\(InputQuote.make(row["iso2"] ?? ""))' is not an ISO 3166 alpha-2 code")
            }
            guard let days = Double(row["annual_leave_days"]?.trimmed ?? ""), (0...60).contains(days) else {
                throw .invalidRow(
                    table: file,
                    line: line,
                    reason: "annual_leave_days: '\(InputQuote.make(row["annual_leave_days"] ?? ""))' is not a number of days from 0 to 60"
                )
            }
            let low = Int(row["public_holidays_min"]?.trimmed ?? "")
            let high = Int(row["public_holidays_max"]?.trimmed ?? "")
            var holidays: ClosedRange<Int>?
            if let low, let high {
                guard low >= 0, low <= high, high <= 40 else {
                    throw .invalidRow(table: file, line: line, reason: "public_holidays_min/max: \(low)–\(high) is not a range of 0 to 40 days")
                }
                holidays = low...high
            }
            countries[code] = Entry(workingDays: days, publicHolidays: holidays, note: row["note"]?.trimmed ?? "", correction: nil)
        }
        for (index, row) in corrections.enumerated() {
            let line = index + 2
            guard let code = CountryCode(row["iso2"]?.trimmed ?? ""), countries[code] != nil else {
                throw .invalidRow(
                    table: correctionsFile,
                    line: line,
                    reason: "iso2: '\(InputQuote.make(row["iso2"] ?? ""))' is not a country of \(file)"
                )
            }
            guard let days = Double(row["annual_leave_working_days"]?.trimmed ?? ""), (0...60).contains(days) else {
                throw .invalidRow(table: correctionsFile, line: line, reason: "annual_leave_working_days: not a number of days from 0 to 60")
            }
            let reason = row["reason"]?.trimmed ?? ""
            let citation = row["source"]?.trimmed ?? ""
            guard !reason.isEmpty, !citation.isEmpty else {
                throw .invalidRow(table: correctionsFile, line: line, reason: "a correction needs its reason and its source")
            }
            countries[code]?.workingDays = days
            countries[code]?.correction = "\(reason) (\(citation))"
        }
    }

    public subscript(country: CountryCode) -> Entry? { countries[country] }
}

/// Which days of the week are the weekend, by country: Saturday and Sunday unless listed. Written
/// here because the holiday data has no weekend of its own (source: Wikipedia, "Workweek and weekend").
public enum Weekend {
    /// Weekdays as `CalendarDate.weekday` numbers (Monday 0 … Sunday 6).
    public static func days(in country: CountryCode) -> Set<Int> {
        switch country.alpha2 {
        case "BH", "DZ", "EG", "IQ", "IL", "JO", "KW", "LY", "OM", "QA", "SA", "SD", "SY", "YE": [4, 5]
        case "IR": [4]
        case "NP": [5]
        default: [5, 6]
        }
    }
}

extension CalendarDate {
    /// Monday 0 … Sunday 6 (1970-01-01, day number 0, was a Thursday).
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }
}

/// National public holidays by country and year (`public-holidays.csv.gz`: the python `holidays`
/// package's rules as Facebook Prophet generates them; no regional holidays, later years projected).
public struct PublicHolidayCalendar: Sendable, Hashable {
    private var days: [CountryCode: [Int: Set<Int>]] = [:]
    public var source: String

    public static let empty = PublicHolidayCalendar(source: "")

    init(source: String) { self.source = source }

    /// - Parameter rows: `ds` (YYYY-MM-DD), `holiday`, `country` (ISO2), `year`.
    public init(rows: [[String: String]], source: String, file: String) throws(ReferenceDataError) {
        self.source = source
        for (index, row) in rows.enumerated() {
            guard let date = CalendarDate(iso: row["ds"] ?? ""), let code = CountryCode(row["country"]?.trimmed ?? "") else {
                throw .invalidRow(table: file, line: index + 2, reason: "needs a YYYY-MM-DD date in ds and an ISO 3166 alpha-2 code in country")
            }
            // Two holidays on one day (or one listed twice) are one day off.
            days[code, default: [:]][date.year, default: []].insert(date.dayNumber)
        }
    }

    /// Public holidays of the year that fall on a working day of that country, or nil when the
    /// calendar has no entry for the country and year.
    public func workingDayHolidays(in country: CountryCode, year: Int) -> Int? {
        guard let dates = days[country]?[year] else { return nil }
        let weekend = Weekend.days(in: country)
        return dates.count { !weekend.contains(CalendarDate(dayNumber: $0).weekday) }
    }
}

/// The country-level evidence that replaces regional defaults in a cost of hire: employer social
/// security (OECD), statutory leave and the year's public holidays.
public struct EmployerCostEvidence: Sendable, Hashable {
    public var labourTaxes: LabourTaxTable
    public var leave: StatutoryLeaveTable
    public var holidays: PublicHolidayCalendar

    public static let none = EmployerCostEvidence(labourTaxes: .empty, leave: .empty, holidays: .empty)

    public init(labourTaxes: LabourTaxTable, leave: StatutoryLeaveTable, holidays: PublicHolidayCalendar) {
        self.labourTaxes = labourTaxes
        self.leave = leave
        self.holidays = holidays
    }
}
