/// What employing someone costs on top of pay, per country: the data file `employer-costs.json`
/// (or a user's replacement). Amounts are in each entry's currency.
public struct EmployerCostTable: Sendable, Codable, Hashable {
    /// A contribution charged as a rate on gross pay, on the part between `from` and `cap`.
    public struct Contribution: Sendable, Codable, Hashable {
        public var name: String
        public var rate: Double
        public var cap: Double?
        public var from: Double?
        public var note: String?
        public var customary: Bool?
    }

    /// A benefit: either a rate on gross pay (optionally capped) or a fixed annual amount.
    public struct Benefit: Sendable, Codable, Hashable {
        public var name: String
        public var rate: Double?
        public var cap: Double?
        public var annual: Double?
        public var note: String?
        public var customary: Bool?
    }

    public struct Entry: Sendable, Codable, Hashable {
        public var currency: String
        public var asOf: String
        public var source: String
        public var contributions: [Contribution]
        public var benefits: [Benefit]
        public var paidLeaveDays: Double
        /// Paid public holidays a year; `nil`: the year's national holidays on working days from the
        /// holiday calendar (then the leave table, then the regional default).
        public var publicHolidays: Double?
        /// Customary extra monthly salaries (13th, 14th month, holiday bonus) within annual pay.
        public var extraMonths: Double
        public var notes: String?
    }

    /// Used for countries without an entry, by RateCard region.
    public struct RegionalDefault: Sendable, Codable, Hashable {
        public var contributionRate: Double
        public var paidLeaveDays: Double
        public var publicHolidays: Double
        public var extraMonths: Double
    }

    /// Costs that do not depend on the country.
    public struct Common: Sendable, Codable, Hashable {
        public var sickDays: Double
        public var equipmentPerYearUSD: Double
        public var overheadPerYearUSD: Double
        public var administrationPerYearUSD: Double
        /// A recruiting fee as a share of annual gross, spread over the expected tenure.
        public var recruitingShareOfAnnualGross: Double
        public var expectedTenureYears: Double
    }

    public var asOf: String
    public var description: String
    public var regionalDefaults: [String: RegionalDefault]
    public var common: Common
    public var countries: [String: Entry]

    /// Checks the table's values, naming the entry at fault.
    public func validate(file: String) throws(ReferenceDataError) {
        func fail(_ reason: String) -> ReferenceDataError { .invalidRow(table: file, line: 0, reason: reason) }
        for (code, entry) in countries {
            guard CountryCode(code) != nil else { throw fail("'\(code)' is not an ISO 3166 alpha-2 code") }
            guard CurrencyCode(entry.currency) != nil else { throw fail("\(code).currency '\(entry.currency)' is not an ISO 4217 code") }
            for item in entry.contributions where !(0...1).contains(item.rate) || (item.cap ?? 1) <= 0 {
                throw fail("\(code): contribution '\(item.name)' needs a rate between 0 and 1 and a positive cap")
            }
            for item in entry.benefits where item.rate == nil && item.annual == nil {
                throw fail("\(code): benefit '\(item.name)' needs a rate or an annual amount")
            }
            guard entry.paidLeaveDays >= 0, (entry.publicHolidays ?? 0) >= 0, entry.extraMonths >= 0 else {
                throw fail("\(code): leave, holidays and extra months cannot be negative")
            }
        }
        for region in RateCardRegion.allCases where regionalDefaults[region.rawValue] == nil {
            throw fail("regionalDefaults lacks '\(region.rawValue)'")
        }
    }
}
