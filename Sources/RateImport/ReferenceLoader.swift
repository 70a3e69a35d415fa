import Foundation
import RateCore
import RateData

/// Loads the bundled reference tables (or user-supplied replacements) into `ReferenceTables`.
public enum ReferenceLoader {
    /// The tables shipped in the RateCard bundle.
    /// - Parameter marketRatesPath: a `market-rates.json` made by `ratecard market fit`, replacing the bundled one.
    public static func bundled(marketRatesPath: String? = nil) throws -> ReferenceTables {
        func url(_ name: String) throws -> URL {
            guard let url = BundledData.reference(name) else { throw ReferenceDataError.missingTable(name) }
            return url
        }
        let countries = try CountryCatalog(
            isoRows: try readTable(url("country-codes.csv")),
            regionRows: try readTable(url("ratecard-regions.csv")),
            aliasRows: try readTable(url("country-aliases.csv"))
        )
        let (fxHeader, fxRows) = try readRows(url("eurofxref-hist.csv"))
        return ReferenceTables(
            countries: countries,
            cities: CityCatalog(aliasRows: try readTable(url("city-aliases.csv"))),
            skills: SkillCatalog(rows: try readTable(url("skills.csv"))),
            exchangeRates: try ExchangeRateTable(header: fxHeader, rows: fxRows),
            ppp: PPPTable(rows: try readTable(url("ppp-gdp.csv"))),
            marketRates: try marketRates(marketRatesPath.map { URL(fileURLWithPath: $0) } ?? url("market-rates.json")),
            contractOffers: try contractOffers(url("contract-offers.json"))
        )
    }

    /// Reads the B2B-against-employment evidence of job offers (`scripts/fit-contract-offers.sh`).
    public static func contractOffers(_ url: URL) throws -> ContractOfferEvidence {
        do {
            return try JSONDecoder().decode(ContractOfferEvidence.self, from: Data(contentsOf: url))
        } catch {
            throw ReferenceDataError.invalidRow(table: url.lastPathComponent, line: 0, reason: "not contract-offer evidence: \(error)")
        }
    }

    /// The country data that replaces the employer-cost table's regional defaults: OECD employer
    /// social security, statutory leave (with RateCard's corrections) and the public-holiday calendar.
    public static func employerCostEvidence() throws -> EmployerCostEvidence {
        func url(_ name: String) throws -> URL {
            guard let url = BundledData.reference(name) else { throw ReferenceDataError.missingTable(name) }
            return url
        }
        let averageWageRows = try readTable(url("oecd-taxing-wages-2022.csv"))
        var labourTaxes = try LabourTaxTable(
            rows: averageWageRows,
            year: 2022,
            source: "OECD Taxing Wages 2022 (Tax Foundation tabulation)",
            file: "oecd-taxing-wages-2022.csv"
        )
        try labourTaxes.addMarginalWedges(
            rows: try readTable(url("oecd-marginal-tax-wedge-2022.csv")),
            iso3: LabourTaxTable.iso3Codes(rows: averageWageRows),
            file: "oecd-marginal-tax-wedge-2022.csv"
        )
        return EmployerCostEvidence(
            labourTaxes: labourTaxes,
            leave: try StatutoryLeaveTable(
                rows: try readTable(url("statutory-leave.csv")),
                corrections: try readTable(url("statutory-leave-corrections.csv")),
                source: "minimum annual leave by country (after Wikipedia's list)",
                file: "statutory-leave.csv",
                correctionsFile: "statutory-leave-corrections.csv"
            ),
            holidays: try PublicHolidayCalendar(
                rows: try readTable(url("public-holidays.csv.gz")),
                source: "python holidays rules via Prophet",
                file: "public-holidays.csv.gz"
            )
        )
    }

    /// Reads a market-rate model file.
    public static func marketRates(_ url: URL) throws -> MarketRateModel {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReferenceDataError.invalidRow(
                table: url.path,
                line: 0,
                reason: "cannot read the market-rate file (\(error.localizedDescription)); make one with `ratecard market fit`"
            )
        }
        do {
            return try JSONDecoder().decode(MarketRateModel.self, from: data)
        } catch {
            throw ReferenceDataError.invalidRow(
                table: url.lastPathComponent,
                line: 0,
                reason: "not a market-rate model written by `ratecard market fit`: \(error)"
            )
        }
    }

    /// Reads a small CSV table into dictionaries keyed by its header.
    public static func readTable(_ url: URL) throws -> [[String: String]] {
        let (header, rows) = try readRows(url)
        return rows.map { row in
            var dictionary: [String: String] = [:]
            for (index, name) in header.enumerated() where index < row.count { dictionary[name] = row[index] }
            return dictionary
        }
    }

    /// Reads a small CSV table as a header and rows of fields.
    public static func readRows(_ url: URL) throws -> (header: [String], rows: [[String]]) {
        let reader = try CSVReader(source: InputFile.open(path: url.path), path: url.path)
        guard let header = try reader.next() else { return ([], []) }
        var rows: [[String]] = []
        while let record = try reader.next() { rows.append(record.fields) }
        return (header.fields, rows)
    }
}
