import Foundation
import RateStats

/// Turns a reported pay figure into USD per year and per hour at the observation date, and applies
/// the absolute outlier rules. Pure: the tables and assumptions come in as values.
public struct PayNormaliser: Sendable {
    public var tables: ReferenceTables
    public var workingTime: WorkingTime
    public var outliers: OutlierPolicy

    public init(tables: ReferenceTables, workingTime: WorkingTime = .standard, outliers: OutlierPolicy = .standard) {
        self.tables = tables
        self.workingTime = workingTime
        self.outliers = outliers
    }

    /// The result of normalising one figure.
    public struct Result: Sendable {
        public var reported: ReportedPay
        public var normalised: NormalisedPay
        public var quality: QualityFlag
        public var qualityRule: String?
    }

    /// - Parameters:
    ///   - sourceAnnualUSD: the source's own annual USD conversion, used only when the ECB has no rate.
    ///   - band: bounds of a banded answer in the reported currency and period, making the row `banded`.
    ///   - fields: names of the amount and currency fields, for error messages.
    public func normalise(
        amount: Double,
        currency: CurrencyCode,
        period: PayPeriod,
        basis: PayBasis,
        on date: CalendarDate,
        sourceAnnualUSD: Double? = nil,
        band: (low: Double?, high: Double?)? = nil,
        bandRule: String? = nil,
        line: Int,
        amountField: String,
        currencyField: String
    ) throws(RowIssue) -> Result {
        guard amount.isFinite, amount > 0 else {
            throw RowIssue(
                line: line,
                field: amountField,
                value: "\(amount)",
                reason: .invalidAmount,
                message: "pay must be a positive amount, found \(amount)"
            )
        }
        let digits = tables.countries.digits(for: currency)
        guard let money = Money(amount: amount, currency: currency, minorUnitDigits: digits) else {
            throw RowIssue(
                line: line,
                field: amountField,
                value: "\(amount)",
                reason: .invalidAmount,
                message: "\(amount) \(currency) is too large to be stored as pay; correct the value in the source"
            )
        }
        guard money.minorUnits > 0 else {
            throw RowIssue(
                line: line,
                field: amountField,
                value: "\(amount)",
                reason: .invalidAmount,
                message: "\(amount) \(currency) is less than the currency's smallest unit, so it rounds to zero; correct the value in the source"
            )
        }
        let rate: Double
        let fxDate: CalendarDate?
        let origin: RateOrigin
        if currency == .usd {
            (rate, fxDate, origin) = (1, nil, .none)
        } else {
            do {
                let quote = try tables.exchangeRates.quote(from: currency, to: .usd, on: date)
                (rate, fxDate, origin) = (quote.rate, quote.date, .ecb)
            } catch {
                if let sourceAnnualUSD, sourceAnnualUSD > 0, sourceAnnualUSD.isFinite {
                    (rate, fxDate, origin) = (sourceAnnualUSD / (amount * workingTime.periodsPerYear(period)), nil, .source)
                } else {
                    let known = tables.isKnownCurrency(currency)
                    throw RowIssue(
                        line: line,
                        field: currencyField,
                        value: currency.code,
                        reason: known ? .noExchangeRate : .unknownCurrency,
                        message: known
                            ? "\(error.description), and the row has no USD figure of its own"
                            : "'\(currency)' is not an ISO 4217 currency RateCard knows"
                    )
                }
            }
        }
        let annual = amount * rate * workingTime.periodsPerYear(period)
        let hourly = annual / workingTime.hoursPerYear
        guard let annualUSD = Money(amount: annual, currency: .usd), let hourlyUSD = Money(amount: hourly, currency: .usd) else {
            throw RowIssue(
                line: line,
                field: amountField,
                value: "\(amount)",
                reason: .invalidAmount,
                message: "\(amount) \(currency) per \(period.rawValue) is too large to be stored as pay; correct the value in the source"
            )
        }
        var reported = ReportedPay(amount: money, period: period, basis: basis)
        var quality = QualityFlag.ok
        var rule: String?
        if let band {
            reported.bandLow = band.low.flatMap { Money(amount: $0, currency: currency, minorUnitDigits: digits) }
            reported.bandHigh = band.high.flatMap { Money(amount: $0, currency: currency, minorUnitDigits: digits) }
            quality = .banded
            rule = bandRule ?? "reported as a band; value is the band's midpoint"
        }
        if let flag = outliers.absoluteFlag(hourlyUSD: hourly, annualUSD: annual) {
            (quality, rule) = (flag.flag, flag.rule)
        }
        return Result(
            reported: reported,
            normalised: NormalisedPay(annualUSD: annualUSD, hourlyUSD: hourlyUSD, fxRate: rate, fxDate: fxDate, fxOrigin: origin),
            quality: quality,
            qualityRule: rule
        )
    }

    /// A figure in US dollars from one field, which names both its amount and its currency: Stack
    /// Overflow's converted columns, levels.fyi's totals, DOU's monthly net dollars.
    public func dollars(
        _ amount: Double,
        per period: PayPeriod = .year,
        basis: PayBasis = .gross,
        on date: CalendarDate,
        band: (low: Double?, high: Double?)? = nil,
        bandRule: String? = nil,
        line: Int,
        field: String
    ) throws(RowIssue) -> Result {
        try normalise(
            amount: amount,
            currency: .usd,
            period: period,
            basis: basis,
            on: date,
            band: band,
            bandRule: bandRule,
            line: line,
            amountField: field,
            currencyField: field
        )
    }
}

/// The stated rules that flag outliers. Flagged rows are stored and shown; the estimator
/// winsorises them. Nothing is silently dropped.
public struct OutlierPolicy: Sendable, Hashable, Codable {
    /// Below this hourly pay in USD a row is `outlier-low`.
    public var floorHourlyUSD: Double
    /// Above this annual pay in USD a row is `outlier-high`.
    public var ceilingAnnualUSD: Double
    /// Relative rule: outside these quantiles of log pay within the same source and country...
    public var lowerQuantile: Double
    public var upperQuantile: Double
    /// ...when that group has at least this many observations.
    public var minimumGroupSize: Int

    public init(
        floorHourlyUSD: Double = 1,
        ceilingAnnualUSD: Double = 2_000_000,
        lowerQuantile: Double = 0.005,
        upperQuantile: Double = 0.995,
        minimumGroupSize: Int = 200
    ) {
        self.floorHourlyUSD = floorHourlyUSD
        self.ceilingAnnualUSD = ceilingAnnualUSD
        self.lowerQuantile = lowerQuantile
        self.upperQuantile = upperQuantile
        self.minimumGroupSize = minimumGroupSize
    }

    public static let standard = OutlierPolicy()

    public func absoluteFlag(hourlyUSD: Double, annualUSD: Double) -> (flag: QualityFlag, rule: String)? {
        if hourlyUSD < floorHourlyUSD {
            return (
                .outlierLow,
                "hourly pay \(ReportFormat.quotedAmount(hourlyUSD)) USD is below the floor of \(ReportFormat.quotedAmount(floorHourlyUSD)) USD/h"
            )
        }
        if annualUSD > ceilingAnnualUSD {
            return (
                .outlierHigh,
                "annual pay \(ReportFormat.quotedAmount(annualUSD)) USD is above the ceiling of \(ReportFormat.quotedAmount(ceilingAnnualUSD)) USD/year"
            )
        }
        return nil
    }

    /// The relative rule for one group (one source and country): the bounds outside which a value is
    /// flagged, or `nil` when the group is too small to judge.
    public func relativeBounds(hourlyValues: [Double]) -> (low: Double, high: Double)? {
        guard hourlyValues.count >= minimumGroupSize else { return nil }
        let logs = hourlyValues.filter { $0 > 0 }.map { log($0) }.sorted()
        guard !logs.isEmpty else { return nil }
        return (exp(Quantiles.sorted(logs, lowerQuantile)), exp(Quantiles.sorted(logs, upperQuantile)))
    }

    public func relativeRule(low: Double, high: Double, country: CountryCode) -> (lowRule: String, highRule: String) {
        let lower = ReportFormat.quotedAmount(lowerQuantile * 100)
        let upper = ReportFormat.quotedAmount(upperQuantile * 100)
        return (
            "hourly pay below P\(lower) of \(country) in this source (\(ReportFormat.quotedAmount(low)) USD/h)",
            "hourly pay above P\(upper) of \(country) in this source (\(ReportFormat.quotedAmount(high)) USD/h)"
        )
    }
}
