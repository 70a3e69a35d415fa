/// ECB euro reference rates by day, for converting any listed currency into any other through EUR.
///
/// A conversion uses the rates of the observation's date or, when that day has none (weekend,
/// holiday, `N/A` gap), the nearest earlier day on which both currencies have a rate, at most
/// `maximumStaleness` days back. The date actually used is returned with the result.
///
/// A date after the table's last day never fails for a currency the table still quotes: the
/// allowed staleness grows by the days past the end, so the newest rate is used (and its date
/// returned, for the caller to say so). A currency that stopped being quoted long before the end
/// (RUB since 2022) still fails, as it does inside the table.
public struct ExchangeRateTable: Sendable {
    /// Day numbers (`CalendarDate.dayNumber`), ascending.
    private let days: [Int]
    /// Units of each currency per 1 EUR, aligned with `days`; `nan` where the ECB published none.
    private let ratesPerEuro: [CurrencyCode: [Double]]
    /// How far back a rate may be taken from; beyond it the conversion fails rather than use a stale rate.
    public var maximumStaleness: Int

    /// The currencies with at least one published rate, plus EUR.
    public var currencies: Set<CurrencyCode> { Set(ratesPerEuro.keys).union([.eur]) }
    public var firstDate: CalendarDate? { days.first.map(CalendarDate.init(dayNumber:)) }
    public var lastDate: CalendarDate? { days.last.map(CalendarDate.init(dayNumber:)) }
    /// Days with rates.
    public var dayCount: Int { days.count }

    /// A conversion's rate and the ECB date it came from.
    public struct Quote: Sendable, Hashable, Codable {
        /// Units of the target currency per unit of the source currency.
        public var rate: Double
        public var date: CalendarDate
    }

    /// - Parameters:
    ///   - header: the ECB file's header (`Date,USD,JPY,...`, possibly with a trailing empty column).
    ///   - rows: its data rows, in any order.
    public init(header: [String], rows: [[String]], maximumStaleness: Int = 7) throws {
        self.maximumStaleness = maximumStaleness
        var parsed: [(Int, [Double])] = []
        parsed.reserveCapacity(rows.count)
        let columns = header.dropFirst().map { $0.trimmed }
        for (index, row) in rows.enumerated() {
            guard let first = row.first, let date = CalendarDate(iso: first) else {
                if row.allSatisfy({ $0.trimmed.isEmpty }) { continue }
                throw ReferenceDataError.invalidRow(table: "eurofxref-hist.csv", line: index + 2, reason: "'\(row.first ?? "")' is not a date")
            }
            var values = [Double](repeating: .nan, count: columns.count)
            for (column, text) in row.dropFirst().enumerated() where column < columns.count {
                if let value = Double(text.trimmed), value > 0 { values[column] = value }
            }
            parsed.append((date.dayNumber, values))
        }
        parsed.sort { $0.0 < $1.0 }
        days = parsed.map(\.0)
        var table: [CurrencyCode: [Double]] = [:]
        for (column, name) in columns.enumerated() {
            guard let code = CurrencyCode(name) else { continue }
            let series = parsed.map { $0.1[column] }
            if series.contains(where: { !$0.isNaN }) { table[code] = series }
        }
        ratesPerEuro = table
    }

    private func perEuro(_ currency: CurrencyCode, at index: Int) -> Double {
        if currency == .eur { return 1 }
        return ratesPerEuro[currency]?[index] ?? .nan
    }

    /// The rate to turn one unit of `from` into `to` on `date` (or the nearest earlier day with both rates).
    /// - Parameter staleness: how many days back a rate may come from (default `maximumStaleness`).
    public func quote(from: CurrencyCode, to: CurrencyCode, on date: CalendarDate, staleness: Int? = nil) throws(ConversionError) -> Quote {
        let maximumStaleness = staleness ?? self.maximumStaleness
        guard from == .eur || ratesPerEuro[from] != nil else { throw .unknownCurrency(from) }
        guard to == .eur || ratesPerEuro[to] != nil else { throw .unknownCurrency(to) }
        if from == to { return Quote(rate: 1, date: date) }
        let target = date.dayNumber
        // Last index with day <= target.
        var low = 0
        var high = days.count
        while low < high {
            let mid = (low + high) / 2
            if days[mid] <= target { low = mid + 1 } else { high = mid }
        }
        var index = low - 1
        let daysPastEnd = max(0, target - (days.last ?? target))
        while index >= 0 && target - days[index] <= maximumStaleness + daysPastEnd {
            let a = perEuro(from, at: index)
            let b = perEuro(to, at: index)
            if !a.isNaN && !b.isNaN { return Quote(rate: b / a, date: CalendarDate(dayNumber: days[index])) }
            index -= 1
        }
        throw .noRate(from: from, to: to, date: date, maximumStaleness: maximumStaleness)
    }

    /// Whether `date` is after the last day of the table, where conversions use its newest rates.
    public func isPastEnd(_ date: CalendarDate) -> Bool { days.last.map { date.dayNumber > $0 } ?? false }

    /// Whether ECB publishes (or published) this currency.
    public func knows(_ currency: CurrencyCode) -> Bool { currency == .eur || ratesPerEuro[currency] != nil }
}

/// Why an amount could not be converted.
public enum ConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownCurrency(CurrencyCode)
    case noRate(from: CurrencyCode, to: CurrencyCode, date: CalendarDate, maximumStaleness: Int)

    public var description: String {
        switch self {
        case let .unknownCurrency(code):
            "the ECB publishes no reference rate for \(code); use one of the ECB currencies or give the amount in USD or EUR"
        case let .noRate(from, to, date, days):
            "no ECB rate for \(from)→\(to) on \(date) or in the \(days) days before it"
        }
    }
}
