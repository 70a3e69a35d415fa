import Foundation

/// One line of a cost breakdown.
public struct CostLine: Sendable, Codable, Hashable {
    public enum Category: String, Sendable, Codable, Hashable, CaseIterable {
        case salary
        case extraMonths = "extra-months"
        case contributions, benefits, equipment, overhead, recruiting, administration, fees
    }
    public var category: Category
    public var name: String
    /// Per year, in the comparison's currency.
    public var annual: Double
    public var note: String?
}

/// The total cost of one way of hiring.
public struct HireCost: Sendable, Codable, Hashable {
    public var option: HireType
    public var lines: [CostLine]
    public var totalAnnual: Double
    /// Hours of work the business gets in a year.
    public var hoursWorked: Double
    public var perHourWorked: Double
    /// Extra (positive) or saving (negative) against the in-house employee, per year and as a share.
    public var differenceAnnual: Double
    public var differenceShare: Double
}

/// Employee against freelancer against agency for one profile, itemised.
public struct CostComparison: Sendable, Codable, Hashable {
    public var country: CountryCode
    public var countryName: String
    public var currency: CurrencyCode
    public var employee: HireCost
    public var freelancer: HireCost
    public var agency: HireCost
    public var hoursPaid: Double
    public var paidTimeOffDays: Double
    /// What the days off are made of, each with where it comes from.
    public var timeOff: TimeOff
    /// Where the employer-cost figures come from, or that a regional default was used.
    public var costSource: String
    public var costAsOf: String
    public var caveats: [String]
    /// The reference data sets the comparison rests on.
    public var dataSources: [String]
    /// The employee's approximate pay after income tax and employee contributions (OECD countries).
    public var takeHome: TakeHomePay?

    public var options: [HireCost] { [employee, freelancer, agency] }
}

/// An employee's paid days off a year, by kind, each with its source.
public struct TimeOff: Sendable, Codable, Hashable {
    public var leaveDays: Double
    public var leaveSource: String
    public var publicHolidays: Double
    public var publicHolidaysSource: String
    public var sickDays: Double

    public var total: Double { leaveDays + publicHolidays + sickDays }
}

/// An employee's approximate take-home pay: gross less income tax and employee contributions, for a
/// single person without children, from OECD Taxing Wages. An approximation, and labelled as one.
public struct TakeHomePay: Sendable, Codable, Hashable {
    /// Per year, in the comparison's currency.
    public var annual: Double
    public var shareOfGross: Double
    /// Where the gross pay sits against the country's average wage (2.1 = 210 %).
    public var multipleOfAverageWage: Double
    public var source: String
    public var note: String
}

/// Why a cost could not be computed.
public enum CostError: Error, Sendable, CustomStringConvertible {
    case noRate(currency: String)

    public var description: String {
        switch self {
        case let .noRate(currency):
            "no ECB rate for \(currency), so the employer-cost caps in \(currency) cannot be applied; give the entry in USD or EUR"
        }
    }
}

/// Computes total cost of hire from three estimates of the same profile. Pure arithmetic; every
/// line is in the answer's currency and the lines add up to the total.
public struct CostCalculator: Sendable {
    public var table: EmployerCostTable
    public var tables: ReferenceTables
    public var workingTime: WorkingTime
    /// Country data that replaces the table's regional defaults where a country has no entry.
    public var evidence: EmployerCostEvidence

    public init(table: EmployerCostTable, tables: ReferenceTables, workingTime: WorkingTime = .standard, evidence: EmployerCostEvidence = .none) {
        self.table = table
        self.tables = tables
        self.workingTime = workingTime
        self.evidence = evidence
    }

    /// - Parameters:
    ///   - employee, freelancer, agency: estimates of the same profile for each hire type.
    ///   - hoursPerYear: hours of work needed a year; default the employee's hours actually worked.
    ///   - wageGrowthPerYear: USD wage growth (log points a year) that carries the OECD table's
    ///     average wage to the estimate's date, to place the pay against it for take-home pay.
    public func compare(
        employee: Estimate,
        freelancer: Estimate,
        agency: Estimate,
        hoursPerYear: Double? = nil,
        wageGrowthPerYear: Double = 0
    ) throws -> CostComparison {
        if let hoursPerYear { try Self.validate(hoursPerYear: hoursPerYear) }
        let country = employee.profile.country
        let region = employee.region
        let toAnswer = employee.exchangeRate  // USD → answer currency
        let entry = table.countries[country.alpha2]
        let fallback = table.regionalDefaults[region.rawValue]
        let common = table.common

        // Local-currency conversion for caps and fixed amounts.
        var usdPerLocal = 1.0
        if let entry, entry.currency != "USD" {
            guard let code = CurrencyCode(entry.currency),
                let quote = try? tables.exchangeRates.quote(from: code, to: .usd, on: employee.profile.asOf, staleness: 62)
            else {
                throw CostError.noRate(currency: entry.currency)
            }
            usdPerLocal = quote.rate
        }
        let grossUSD = employee.annual.p50 / toAnswer
        let grossLocal = grossUSD / usdPerLocal
        func answer(_ usd: Double) -> Double { (usd * toAnswer * 100).rounded() / 100 }

        var lines: [CostLine] = []
        let extraMonths = entry?.extraMonths ?? fallback?.extraMonths ?? 0
        let baseShare = 12 / (12 + extraMonths)
        let salary = answer(grossUSD * baseShare)
        lines.append(CostLine(category: .salary, name: "Gross salary (12 monthly payments, estimate median)", annual: salary, note: nil))
        if extraMonths > 0 {
            lines.append(
                CostLine(
                    category: .extraMonths,
                    name: "Customary extra months (\(EstimateFactor.format(extraMonths)) months)",
                    annual: answer(grossUSD) - salary,
                    note: "part of the annual pay, shown apart"
                )
            )
        }
        if let entry {
            for item in entry.contributions {
                let base = max(0, min(grossLocal, item.cap ?? .infinity) - (item.from ?? 0))
                var note = item.cap.map { "capped at \(ReportFormat.number($0)) \(entry.currency)" }
                if let from = item.from { note = "on pay above \(ReportFormat.number(from)) \(entry.currency)" + (note.map { ", " + $0 } ?? "") }
                if grossLocal > (item.cap ?? .infinity) { note = (note ?? "") + " (cap reached)" }
                lines.append(
                    CostLine(
                        category: .contributions,
                        name: "\(item.name) \(Self.percent(item.rate))",
                        annual: answer(item.rate * base * usdPerLocal),
                        note: [note, item.note].compactMap { $0 }.joined(separator: "; ").nilIfEmpty
                    )
                )
            }
            for item in entry.benefits {
                let amountLocal: Double
                if let rate = item.rate { amountLocal = rate * min(grossLocal, item.cap ?? .infinity) } else { amountLocal = item.annual ?? 0 }
                let label = item.rate.map { "\(item.name) \(Self.percent($0))" } ?? item.name
                lines.append(
                    CostLine(
                        category: .benefits,
                        name: label,
                        annual: answer(amountLocal * usdPerLocal),
                        note: [item.customary == true ? "customary, not mandatory" : nil, item.note].compactMap { $0 }.joined(separator: "; ")
                            .nilIfEmpty
                    )
                )
            }
        } else if let oecd = evidence.labourTaxes[country] {
            let rate = oecd.employerRateOnGross
            lines.append(
                CostLine(
                    category: .contributions,
                    name: "Employer social security \(Self.percent(rate)) (OECD, at the average wage)",
                    annual: answer(rate * grossUSD),
                    note:
                        "OECD Taxing Wages \(evidence.labourTaxes.year): \(Self.percent(oecd.employerShareOfLabourCost)) of labour cost; ceilings not applied"
                )
            )
        } else if let fallback {
            lines.append(
                CostLine(
                    category: .contributions,
                    name: "Employer contributions (\(region.rawValue) default \(Self.percent(fallback.contributionRate)))",
                    annual: answer(fallback.contributionRate * grossUSD),
                    note: "no entry for \(employee.countryName): regional default"
                )
            )
        }
        lines.append(CostLine(category: .equipment, name: "Equipment", annual: answer(common.equipmentPerYearUSD), note: nil))
        lines.append(CostLine(category: .overhead, name: "Office and overhead", annual: answer(common.overheadPerYearUSD), note: nil))
        lines.append(
            CostLine(
                category: .recruiting,
                name:
                    "Recruiting (\(Self.percent(common.recruitingShareOfAnnualGross)) of a year's pay over \(EstimateFactor.format(common.expectedTenureYears)) years)",
                annual: answer(grossUSD * common.recruitingShareOfAnnualGross / common.expectedTenureYears),
                note: "one-off, spread over the expected tenure"
            )
        )
        lines.append(
            CostLine(category: .administration, name: "Payroll and HR administration", annual: answer(common.administrationPerYearUSD), note: nil)
        )

        let (timeOff, timeOffData) = timeOff(country: country, year: employee.profile.asOf.year, entry: entry, fallback: fallback, region: region)
        let hoursPaid = workingTime.hoursPerYear
        let hoursWorked = max(1, hoursPaid - timeOff.total * workingTime.hoursPerDay)
        let hours = hoursPerYear ?? hoursWorked
        let employeeTotal = Self.round(lines.reduce(0) { $0 + $1.annual })
        let employeeCost = HireCost(
            option: .employee,
            lines: lines,
            totalAnnual: employeeTotal,
            hoursWorked: hoursWorked,
            perHourWorked: Self.round(employeeTotal / hoursWorked),
            differenceAnnual: 0,
            differenceShare: 0
        )

        func contractor(_ option: HireType, _ estimate: Estimate, _ label: String) -> HireCost {
            let rate = estimate.hourly.p50 / estimate.exchangeRate * toAnswer
            let fee = Self.round(rate * hours)
            let line = CostLine(
                category: .fees,
                name: "\(label): \(ReportFormat.money(rate, hourly: true)) \(employee.currency.code)/h × \(ReportFormat.number(hours)) h",
                annual: fee,
                note: "no employer burden, equipment or recruiting"
            )
            return HireCost(
                option: option,
                lines: [line],
                totalAnnual: fee,
                hoursWorked: hours,
                perHourWorked: Self.round(fee / hours),
                differenceAnnual: Self.round(fee / hours * hoursWorked - employeeTotal),
                differenceShare: employeeTotal > 0 ? (fee / hours * hoursWorked - employeeTotal) / employeeTotal : 0
            )
        }
        var caveats = [
            "A long-term, full-time contractor who works like an employee may be reclassified as one (IR35 in the UK, the ABC test in California, Scheinselbständigkeit in Germany); back taxes and contributions would then be due.",
            "Freelancer and agency totals assume they bill the same hours of work as the employee actually works (\(ReportFormat.number(hours)) h); differences compare equal work.",
        ]
        let oecd = entry == nil ? evidence.labourTaxes[country] : nil
        var sources: [String]
        if let entry {
            sources = [entry.source]
        } else if oecd != nil {
            sources = ["contributions: \(evidence.labourTaxes.source)"]
            caveats.append(
                "\(employee.countryName) has no detailed employer-cost entry: contributions are OECD's employer rate at the average wage in \(evidence.labourTaxes.year), without ceilings or benefits; customary extra months are the \(region.rawValue) default."
            )
        } else {
            sources = ["contributions: regional default for \(region.rawValue)"]
            caveats.append(
                "\(employee.countryName) has no employer-cost entry and no OECD figure: the \(region.rawValue) default was used for contributions and extra months."
            )
        }
        if entry == nil { sources.append("leave: \(timeOff.leaveSource)") }
        // An entry that leaves holidays to the calendar still names where they came from.
        if entry?.publicHolidays == nil { sources.append("public holidays: \(timeOff.publicHolidaysSource)") }
        if entry == nil {
            if let correction = evidence.leave[country]?.correction {
                caveats.append(
                    "Statutory leave for \(employee.countryName) is \(ReportFormat.number(timeOff.leaveDays)) working days, not the leave table's published figure: \(correction)."
                )
            }
        }
        if let notes = entry?.notes { caveats.append(notes) }
        let takeHome = takeHome(
            country: country,
            grossUSD: grossUSD,
            asOf: employee.profile.asOf,
            wageGrowthPerYear: wageGrowthPerYear,
            toAnswer: toAnswer
        )
        return CostComparison(
            country: country,
            countryName: employee.countryName,
            currency: employee.currency,
            employee: employeeCost,
            freelancer: contractor(.freelancer, freelancer, "Freelancer rate"),
            agency: contractor(.agency, agency, "Agency rate"),
            hoursPaid: hoursPaid,
            paidTimeOffDays: timeOff.total,
            timeOff: timeOff,
            costSource: sources.joined(separator: "; "),
            costAsOf: entry?.asOf ?? (oecd != nil ? String(evidence.labourTaxes.year) : table.asOf),
            caveats: caveats,
            dataSources: (["employer-costs.json (bundled, overridable)"] + (oecd != nil || takeHome != nil ? [evidence.labourTaxes.source] : [])
                + timeOffData)
                .uniquedInOrder(),
            takeHome: takeHome
        )
    }

    /// Gross less the employee's taxes at the same multiple of the average wage in the OECD table's
    /// year: thresholds are taken to move with wages, so a multiple keeps its tax rate.
    ///
    /// Taxing Wages states wages in PPP dollars; the World Bank price level of that year (PPP factor
    /// over the ECB rate at mid-year) turns the average wage into market dollars, and the region's
    /// USD wage growth carries it to the estimate's date. Nil without a PPP factor or an ECB rate.
    func takeHome(country: CountryCode, grossUSD: Double, asOf: CalendarDate, wageGrowthPerYear: Double, toAnswer: Double) -> TakeHomePay? {
        let year = evidence.labourTaxes.year
        guard let oecd = evidence.labourTaxes[country], let tableDate = CalendarDate(year: year, month: 7, day: 1) else { return nil }
        var priceLevel = 1.0
        if country.alpha2 != "US" {
            guard let currency = tables.countries.resolve(country.alpha2)?.currency, let (factor, _) = tables.ppp.factor(for: country, year: year),
                let quote = try? tables.exchangeRates.quote(from: .usd, to: currency, on: tableDate, staleness: 10)
            else { return nil }
            priceLevel = factor / quote.rate
        }
        let averageNow = oecd.averageGrossUSD * priceLevel * exp(wageGrowthPerYear * asOf.years(since: tableDate))
        let multiple = grossUSD / averageNow
        guard let taxShare = oecd.employeeTaxShare(atMultipleOfAverageWage: multiple) else { return nil }
        let beyond = multiple > 1.5 ? "; above 150 % of the average wage the table's last marginal rate is carried on" : ""
        return TakeHomePay(
            annual: Self.round(grossUSD * (1 - taxShare) * toAnswer),
            shareOfGross: 1 - taxShare,
            multipleOfAverageWage: multiple,
            source: "\(evidence.labourTaxes.source), single without children",
            note:
                "approximate: income tax and employee contributions at \(Self.percent((multiple * 100).rounded() / 100)) of the average wage; no local taxes, allowances or non-tax compulsory payments\(beyond)"
        )
    }

    /// Leave and public holidays: a country's entry first, then the statutory leave table and the
    /// year's holiday calendar, then the regional default.
    /// - Returns: the days off, and the data sets they came from (beyond the employer-cost table).
    func timeOff(
        country: CountryCode,
        year: Int,
        entry: EmployerCostTable.Entry?,
        fallback: EmployerCostTable.RegionalDefault?,
        region: RateCardRegion
    ) -> (TimeOff, dataSets: [String]) {
        var dataSets: [String] = []
        let regional = "\(region.rawValue) default"
        let leave: (Double, String)
        if let entry {
            leave = (entry.paidLeaveDays, "the entry's source")
        } else if let statutory = evidence.leave[country] {
            leave = (statutory.workingDays, "statutory minimum, \(evidence.leave.source)" + (statutory.correction != nil ? ", corrected" : ""))
            dataSets.append(evidence.leave.source)
        } else {
            leave = (fallback?.paidLeaveDays ?? 20, regional)
        }
        let holidays: (Double, String)
        if let days = entry?.publicHolidays {
            holidays = (days, "the entry's source")
        } else if let count = evidence.holidays.workingDayHolidays(in: country, year: year) {
            holidays = (Double(count), "\(year) national holidays on working days, \(evidence.holidays.source)")
            dataSets.append(evidence.holidays.source)
        } else if let range = evidence.leave[country]?.publicHolidays {
            holidays = (Double(range.lowerBound), "paid public holidays, \(evidence.leave.source)")
            dataSets.append(evidence.leave.source)
        } else {
            holidays = (fallback?.publicHolidays ?? 10, regional)
        }
        return (
            TimeOff(
                leaveDays: leave.0,
                leaveSource: leave.1,
                publicHolidays: holidays.0,
                publicHolidaysSource: holidays.1,
                sickDays: table.common.sickDays
            ),
            dataSets.uniquedInOrder()
        )
    }

    /// Hours of work a year that a comparison accepts: a tenth of a full-time year up to two.
    public static let hoursPerYearRange: ClosedRange<Double> = 100...4000

    /// Refuses hours outside `hoursPerYearRange` (and NaN or infinity), naming the field.
    public static func validate(hoursPerYear: Double, field: String = "hours_per_year") throws {
        guard hoursPerYear.isFinite, hoursPerYearRange.contains(hoursPerYear) else {
            throw ProfileError(
                field: field,
                value: InputQuote.make(String(hoursPerYear)),
                message: "hours of work a year must be between 100 and 4,000 (a full-time year is about 1,700 to 2,080)"
            )
        }
    }

    static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
    static func percent(_ rate: Double) -> String { ReportFormat.trimmed(rate * 100) + " %" }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
