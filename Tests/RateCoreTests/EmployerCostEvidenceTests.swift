import Foundation
import RateCore
import RateImport
import Testing

@Suite("Employer cost evidence: OECD social security, statutory leave, public holidays")
struct EmployerCostEvidenceTests {
    /// Czechia as the OECD table states it, and a second row to show rows are read independently.
    static let labourTaxRows: [[String: String]] = [
        [
            "ISO3": "CZE", "ISO2": "CZ", "Employer Payroll Taxes in %": "25.261584", "Employee Payroll Taxes in %": "8.221226",
            "Income Tax in %": "6.335518", "Total Average Annual Labor Cost per Employee in $": "48717.466324",
        ],
        [
            "ISO3": "OAVG", "ISO2": "OV", "Employer Payroll Taxes in %": "13.385032", "Employee Payroll Taxes in %": "8.195229",
            "Income Tax in %": "13.043726", "Total Average Annual Labor Cost per Employee in $": "60522.001584",
        ],
    ]

    static func evidence(
        holidays: [String] = ["2025-01-01", "2025-04-21", "2025-05-01", "2025-05-08", "2025-07-05", "2025-07-06", "2025-09-28"]
    ) throws -> EmployerCostEvidence {
        EmployerCostEvidence(
            labourTaxes: try LabourTaxTable(rows: labourTaxRows, year: 2022, source: "OECD test table", file: "oecd.csv"),
            leave: try StatutoryLeaveTable(
                rows: [
                    ["iso2": "CZ", "annual_leave_days": "20", "public_holidays_min": "13", "public_holidays_max": "13", "note": "4 weeks"],
                    ["iso2": "EE", "annual_leave_days": "28", "public_holidays_min": "12", "public_holidays_max": "12", "note": "28 calendar days"],
                ],
                corrections: [
                    ["iso2": "EE", "annual_leave_working_days": "20", "reason": "28 calendar days are 20 working days", "source": "the note"]
                ],
                source: "leave test table",
                file: "leave.csv",
                correctionsFile: "corrections.csv"
            ),
            holidays: try PublicHolidayCalendar(
                rows: holidays.map { ["ds": $0, "holiday": "h", "country": "CZ", "year": String($0.prefix(4))] },
                source: "holiday test calendar",
                file: "holidays.csv"
            )
        )
    }

    @Test func weekdaysCountFromMonday() {
        #expect(CalendarDate(iso: "2026-12-04")!.weekday == 4)  // a Friday
        #expect(CalendarDate(iso: "1970-01-01")!.weekday == 3)  // a Thursday
        #expect(CalendarDate(iso: "1969-12-28")!.weekday == 6)  // a Sunday, before day zero
        #expect(Weekend.days(in: CountryCode("IL")!) == [4, 5])
        #expect(Weekend.days(in: CountryCode("CZ")!) == [5, 6])
    }

    @Test func oecdSharesOfLabourCostBecomeRatesOnGross() throws {
        let table = try LabourTaxTable(rows: Self.labourTaxRows, year: 2022, source: "s", file: "oecd.csv")
        // Czech employers pay 24.8 % social insurance and 9 % health insurance on gross pay.
        #expect(abs(try #require(table[CountryCode("CZ")!]).employerRateOnGross - 0.338) < 0.0005)
        #expect(table[CountryCode("OV")!] == nil, "the OECD average row is not a country")
    }

    @Test func aCountryWithoutAnEntryGetsOECDContributionsStatutoryLeaveAndTheYearsHolidays() throws {
        let comparison = try CostTests.comparison(country: "CZ", annual: 50_000, evidence: try Self.evidence())
        let contribution = try #require(comparison.employee.lines.first { $0.category == .contributions })
        #expect(abs(contribution.annual - 0.25261584 / (1 - 0.25261584) * 50_000) < 0.01)
        #expect(contribution.name.contains("33.8 %") && contribution.note?.contains("OECD Taxing Wages 2022") == true)
        #expect(comparison.employee.lines.filter { $0.category == .contributions }.count == 1)
        // 2025-07-05 and -06 are a Saturday and a Sunday, and 2025-09-28 a Sunday: four working days off.
        #expect(comparison.timeOff.publicHolidays == 4)
        #expect(comparison.timeOff.publicHolidaysSource.contains("2025") && comparison.timeOff.publicHolidaysSource.contains("holiday test calendar"))
        #expect(comparison.timeOff.leaveDays == 20 && comparison.timeOff.leaveSource.contains("leave test table"))
        #expect(comparison.paidTimeOffDays == 20 + 4 + 5)
        #expect(comparison.employee.hoursWorked == 2080 - 29 * 8)
        #expect(comparison.costSource.contains("OECD test table") && comparison.costAsOf == "2022")
        #expect(comparison.dataSources.contains("OECD test table") && comparison.dataSources.contains("holiday test calendar"))
        #expect(!comparison.caveats.contains { $0.contains("default was used") })
        #expect(
            ReportBuilder.costReport(comparison).sections[0].table?.rows.contains { row in
                row.last?.text.contains("20 leave, 4 public holidays, 5 sick") == true
            } == true
        )
    }

    @Test func theLeaveTablesHolidaysStandInWhenTheCalendarLacksTheYear() throws {
        let comparison = try CostTests.comparison(country: "CZ", evidence: try Self.evidence(holidays: ["2030-01-01"]))
        #expect(comparison.timeOff.publicHolidays == 13 && comparison.timeOff.publicHolidaysSource.contains("leave test table"))
    }

    @Test func aCorrectedLeaveFigureIsUsedAndSaidSo() throws {
        let comparison = try CostTests.comparison(country: "EE", evidence: try Self.evidence())
        #expect(comparison.timeOff.leaveDays == 20)
        #expect(
            comparison.caveats.contains {
                $0.contains("Estonia is 20 working days") && $0.contains("28 calendar days are 20 working days (the note)")
            }
        )
    }

    @Test func anEntryStillWinsAndARegionalDefaultStaysWhereNoDataExist() throws {
        let evidence = try Self.evidence()
        let germany = try CostTests.comparison(country: "DE", evidence: evidence)
        #expect(germany.employee.lines.contains { $0.name.hasPrefix("Pension insurance") })
        #expect(germany.timeOff.leaveDays == 28 && germany.dataSources == ["employer-costs.json (bundled, overridable)"])
        // No entry, no OECD row, no leave row: the regional default, said so.
        let kenya = try CostTests.comparison(country: "KE", evidence: evidence)
        #expect(kenya.employee.lines.contains { $0.name.contains("default") })
        #expect(kenya.caveats.contains { $0.contains("default was used") })
    }

    @Test func badRowsAreNamedWithTheirFileAndLine() {
        var rows = Self.labourTaxRows
        rows[0]["Employer Payroll Taxes in %"] = "25,3"
        #expect(
            throws: ReferenceDataError.invalidRow(
                table: "oecd.csv",
                line: 2,
                reason: "Employer Payroll Taxes in %: '25,3' is not a percentage from 0 to 100"
            )
        ) {
            try LabourTaxTable(rows: rows, year: 2022, source: "s", file: "oecd.csv")
        }
        #expect(throws: ReferenceDataError.self) {
            try StatutoryLeaveTable(
                rows: [["iso2": "CZ", "annual_leave_days": "20"]],
                corrections: [["iso2": "CZ", "annual_leave_working_days": "25", "reason": "", "source": ""]],
                source: "s",
                file: "leave.csv",
                correctionsFile: "corrections.csv"
            )
        }
        #expect(throws: ReferenceDataError.self) {
            try StatutoryLeaveTable(
                rows: [["iso2": "Czechia", "annual_leave_days": "20"]],
                corrections: [],
                source: "s",
                file: "leave.csv",
                correctionsFile: "c.csv"
            )
        }
        #expect(throws: ReferenceDataError.self) {
            try PublicHolidayCalendar(rows: [["ds": "2025-13-01", "country": "CZ"]], source: "s", file: "holidays.csv")
        }
    }

    // MARK: Take-home pay

    /// Czechia's average-wage row with a flat marginal wedge of 0.45 from 50 % to 150 %, a notch at 120 %.
    static func czechia(wedge: Double = 0.447, notchAt120: Bool = false) throws -> LabourTaxTable.Country {
        var table = try LabourTaxTable(rows: labourTaxRows, year: 2022, source: "s", file: "oecd.csv")
        let average = try #require(table[CountryCode("CZ")!]).averageGrossUSD
        let rows = (50...150).map { percent in
            [
                "COU": "CZE", "% of Total Earnings": String(percent), "Marginal Tax Wedge": String(notchAt120 && percent == 120 ? 3.0 : wedge),
                "Annual Gross Wage in US Dollars": String(average * Double(percent) / 100),
            ]
        }
        try table.addMarginalWedges(rows: rows, iso3: LabourTaxTable.iso3Codes(rows: labourTaxRows), file: "mtw.csv")
        return try #require(table[CountryCode("CZ")!])
    }

    @Test func employeeTaxesAtTheAverageWageAreTheTablesOwn() throws {
        let czechia = try Self.czechia()
        // (income tax 6.34 % + employee contributions 8.22 %) of labour cost, on gross = labour cost × (1 − 25.26 %).
        let expected = (0.06335518 + 0.08221226) / (1 - 0.25261584)
        #expect(abs(try #require(czechia.employeeTaxShare(atMultipleOfAverageWage: 1)) - expected) < 1e-9)
    }

    @Test func employeeTaxesFollowTheMarginalWedgeOnBothSidesOfTheAverage() throws {
        let czechia = try Self.czechia()
        let r = czechia.employerRateOnGross
        let average = czechia.averageGrossUSD
        let atAverage = (0.06335518 + 0.08221226) / (1 - 0.25261584) * average
        for multiple in [0.3, 0.8, 1.2, 2.5] {
            // Each extra unit of gross costs the employer 1 + r, of which the wedge takes 0.447 and the employer r.
            let expected = (atAverage + (0.447 * (1 + r) - r) * (multiple - 1) * average) / (multiple * average)
            #expect(abs(try #require(czechia.employeeTaxShare(atMultipleOfAverageWage: multiple)) - expected) < 1e-9, "\(multiple)")
        }
        // A notch inside the table counts over its one step; beyond the table it is not carried on.
        let notched = try Self.czechia(notchAt120: true)
        let step = average * 0.01
        let plain = try #require(czechia.employeeTaxShare(atMultipleOfAverageWage: 2))
        let withNotch = try #require(notched.employeeTaxShare(atMultipleOfAverageWage: 2))
        #expect(abs((withNotch - plain) * 2 * average - (3.0 - 0.447) * (1 + r) * step) < 1e-6)
        #expect(czechia.employeeTaxShare(atMultipleOfAverageWage: 0) == nil)
    }

    @Test func noTakeHomeWhereOECDCountsNoEmployeeTax() throws {
        var rows = Self.labourTaxRows
        rows[0]["Income Tax in %"] = "0"
        rows[0]["Employee Payroll Taxes in %"] = "0"
        let table = try LabourTaxTable(rows: rows, year: 2022, source: "s", file: "oecd.csv")
        #expect(table[CountryCode("CZ")!]?.employeeTaxShare(atMultipleOfAverageWage: 1) == nil)
    }

    @Test func theCostComparisonShowsTakeHomePayBesideGrossAsAnApproximation() throws {
        let evidence = EmployerCostEvidence(labourTaxes: Self.bundled.labourTaxes, leave: .empty, holidays: .empty)
        let germany = try CostTests.comparison(country: "DE", annual: 70_000, evidence: evidence)
        let takeHome = try #require(germany.takeHome)
        #expect(takeHome.annual < 70_000 * 0.75 && takeHome.annual > 70_000 * 0.5)
        #expect(abs(takeHome.annual - 70_000 * takeHome.shareOfGross) < 0.01)
        #expect(takeHome.note.hasPrefix("approximate"))
        // The average wage, in PPP dollars in the table, is placed in market dollars: a German developer
        // at $70,000 earns about the average wage; the same pay in Poland is several times it.
        let poland = try #require(try CostTests.comparison(country: "PL", annual: 70_000, evidence: evidence).takeHome)
        #expect(poland.multipleOfAverageWage > 2 * takeHome.multipleOfAverageWage)
        #expect(poland.note.contains("beyond") || poland.note.contains("above 150 %"))
        let report = ReportBuilder.costReport(germany)
        #expect(report.sections[0].table?.rows.contains { $0.first?.text == "Employee's take-home pay (approx.)" } == true)
        #expect(report.footnotes.contains { $0.hasPrefix("Take-home pay: OECD Taxing Wages 2022") })
        // Colombia: OECD counts its contributions as non-tax payments, so there is no figure to give.
        #expect(try CostTests.comparison(country: "CO", annual: 30_000, evidence: evidence).takeHome == nil)
        // Without the OECD tables, nothing is shown.
        #expect(try CostTests.comparison(country: "DE", annual: 70_000).takeHome == nil)
    }

    // MARK: The bundled tables

    static let bundled: EmployerCostEvidence = try! ReferenceLoader.employerCostEvidence()

    /// Published employer rates on gross pay: Czechia 24.8 % social + 9 % health insurance (zákon
    /// 589/1992 and 592/1992 Sb.); Estonia 33 % social tax + 0.8 % unemployment insurance (Maksu- ja
    /// Tolliamet); Slovenia 16.1 % (ZPIZ-2, ZZVZZ); Japan about 15–16 % (pension 9.15 %, health about
    /// 5 %, employment 0.95 %, child support 0.36 %, accident ≥ 0.25 %).
    @Test(arguments: [("CZ", 0.338, 0.002), ("EE", 0.338, 0.002), ("SI", 0.161, 0.002), ("JP", 0.157, 0.01)])
    func theOECDTableMatchesPublishedRates(country: String, rate: Double, tolerance: Double) throws {
        let oecd = try #require(Self.bundled.labourTaxes[CountryCode(country)!])
        #expect(abs(oecd.employerRateOnGross - rate) <= tolerance, "\(country): \(oecd.employerRateOnGross)")
    }

    /// The entries written from each country's statutes (2025) against OECD's employer rate at the
    /// average wage (2022), below their ceilings: within 1.5 points. Greece cut its rate by half a
    /// point in 2025; Korea's severance accrual is a benefit, which OECD does not count.
    @Test(arguments: ["JP", "KR", "GR"])
    func entriesAgreeWithOECDBelowTheirCeilings(country: String) throws {
        let entry = try #require(CostTests.table.countries[country])
        let statutes = entry.contributions.reduce(0) { $0 + $1.rate }
        let oecd = try #require(Self.bundled.labourTaxes[CountryCode(country)!]).employerRateOnGross
        #expect(abs(statutes - oecd) <= 0.015, "\(country): entry \(statutes), OECD \(oecd)")
        #expect(entry.contributions.contains { $0.cap != nil }, "\(country) has a ceiling")
    }

    /// An entry that gives no holiday count takes the year's national holidays from the calendar
    /// and says so.
    @Test func anEntryWithoutAHolidayCountUsesTheCalendar() throws {
        #expect(CostTests.table.countries["JP"]?.publicHolidays == nil)
        let japan = try CostTests.comparison(country: "JP", evidence: Self.bundled)
        let expected = try #require(Self.bundled.holidays.workingDayHolidays(in: CountryCode("JP")!, year: SyntheticEstimationTests.asOf.year))
        #expect(japan.timeOff.publicHolidays == Double(expected) && expected >= 14)
        #expect(japan.timeOff.publicHolidaysSource.contains("national holidays on working days"))
        #expect(japan.costSource.contains("public holidays: \(japan.timeOff.publicHolidaysSource)"))
        #expect(japan.timeOff.leaveDays == 10 && japan.timeOff.leaveSource == "the entry's source")
        // Germany's entry counts its own (regional holidays the calendar lacks).
        let germany = try CostTests.comparison(country: "DE", evidence: Self.bundled)
        #expect(germany.timeOff.publicHolidays == 10 && germany.timeOff.publicHolidaysSource == "the entry's source")
    }

    @Test func everyOECDCountryIsCovered() {
        let oecd = "AU AT BE CA CH CL CO CR CZ DE DK ES EE FI FR GB GR HU IE IS IL IT JP KR LT LU LV MX NL NO NZ PL PT SK SI SE TR US"
        for code in oecd.split(separator: " ") {
            #expect(Self.bundled.labourTaxes[CountryCode(String(code))!] != nil, "\(code)")
        }
    }

    @Test func theLeaveTablesKnownBadValuesAreCorrected() throws {
        // The data's README: the US 10 is a placeholder, Brazil is 30 calendar days.
        let us = try #require(Self.bundled.leave[CountryCode("US")!])
        #expect(us.workingDays == 0 && us.correction?.contains("Department of Labor") == true)
        let brazil = try #require(Self.bundled.leave[CountryCode("BR")!])
        #expect(brazil.workingDays == 22 && brazil.correction?.contains("art. 130") == true)
        // Every row whose note counts calendar days as the figure is converted to working days.
        for (code, entry) in Self.bundled.leave.countries where entry.note.contains("calendar days") && !entry.note.contains("per month") {
            let stated = entry.note.prefix { $0.isNumber || $0 == "." }
            if let days = Double(stated), days > 0 {
                #expect(entry.workingDays < days, "\(code): \(entry.note) kept as \(entry.workingDays) working days")
            }
        }
        #expect(Self.bundled.leave.countries.count >= 190)
    }

    @Test func theCalendarCountsAYearsWorkingDayHolidays() throws {
        // Germany 2026, national holidays: 1 Jan, Good Friday 3 Apr, Easter Monday 6 Apr, 1 May, Ascension 14 May,
        // Whit Monday 25 May and 25 Dec fall on weekdays; 3 Oct and 26 Dec are Saturdays.
        #expect(Self.bundled.holidays.workingDayHolidays(in: CountryCode("DE")!, year: 2026) == 7)
        #expect(Self.bundled.holidays.workingDayHolidays(in: CountryCode("DE")!, year: 2025) == 9)
        #expect(Self.bundled.holidays.workingDayHolidays(in: CountryCode("DE")!, year: 1900) == nil)
    }
}
