import Foundation

/// The public data files that ship inside RateCard: reference tables and the embedded default data set.
/// Provenance and licences are in `Resources/ATTRIBUTION.md`.
public enum BundledData {
    /// A reference table by file name (`country-codes.csv`, `eurofxref-hist.csv`...).
    public static func reference(_ name: String) -> URL? {
        Bundle.module.url(forResource: "Resources/reference/\(name)", withExtension: nil)
    }

    /// The files of the embedded default data set, in the order they are loaded.
    public static var defaultDataset: [URL] {
        defaultDatasetFiles.compactMap { Bundle.module.url(forResource: "Resources/default/\($0)", withExtension: nil) }
    }

    /// File names of the default data set.
    public static let defaultDatasetFiles = [
        "oews_2025_computer_occupations_by_area.csv.gz",
        "so2016_salary_extract.csv.gz",
        "so2019_sample_repaired.csv.gz",
        "so2023_sample_595rows.csv.gz",
        // Read with the label table and the languages file beside them.
        "so2024_single_response.csv.gz",
        "so2025_salary_subset.csv.gz",
        "dou_ua_salaries_harmonized_2011_2025.csv.gz",
        // The rows that record an employer abroad, behind the employer-abroad effect.
        "colombia_dev_2020_raw.csv.gz",
        "colombia_dev_2021_raw.csv.gz",
    ]

    /// The published method (also `docs/methodology.md`).
    public static var methodology: String {
        guard let url = Bundle.module.url(forResource: "Resources/methodology.md", withExtension: nil),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }

    /// The attribution text that must travel with the data.
    public static var attribution: String {
        guard let url = Bundle.module.url(forResource: "Resources/ATTRIBUTION.md", withExtension: nil),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }
}
