import Foundation
import RateCore
import RateData

/// Loads the bundled reference tables (or user-supplied replacements) into `ReferenceTables`.
public enum ReferenceLoader {
    /// The tables shipped in the RateCard bundle.
    public static func bundled() throws -> ReferenceTables {
        func url(_ name: String) throws -> URL {
            guard let url = BundledData.reference(name) else { throw ReferenceDataError.missingTable(name) }
            return url
        }
        let countries = try CountryCatalog(
            isoRows: try readTable(url("country-codes.csv")),
            regionRows: try readTable(url("ratecard-regions.csv")),
            aliasRows: try readTable(url("country-aliases.csv")))
        let (fxHeader, fxRows) = try readRows(url("eurofxref-hist.csv"))
        return ReferenceTables(
            countries: countries,
            cities: CityCatalog(aliasRows: try readTable(url("city-aliases.csv"))),
            skills: SkillCatalog(rows: try readTable(url("skills.csv"))),
            exchangeRates: try ExchangeRateTable(header: fxHeader, rows: fxRows),
            ppp: PPPTable(rows: try readTable(url("ppp-gdp.csv"))))
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
