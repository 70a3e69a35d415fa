import RateCore

/// BLS OEWS area files: each row is a published wage distribution for one occupation in one area
/// (May 2025 reference period), stored as such rather than as individual people.
final class OEWSAdapter: RecordAdapter {
    let dataset = "oews"
    let context: ImportContext
    private var columns: Columns?

    init(context: ImportContext) { self.context = context }

    /// The columns of the file being read, resolved on its first row.
    private func cachedColumns(_ row: Row) -> Columns {
        if let columns { return columns }
        let resolved = Columns(row.columns)
        columns = resolved
        return resolved
    }
    static let referenceDate = CalendarDate(year: 2025, month: 5, day: 12)!
    static let percentileFields = ["p10", "p25", "median", "p75", "p90"]
    /// OEWS data-type codes of the hourly and annual percentiles, as used in the footnotes column.
    static let hourlyCodes = ["06", "07", "08", "09", "10"]
    static let annualCodes = ["11", "12", "13", "14", "15"]
    /// Footnote 5: "This wage is equal to or greater than $115.00 per hour or $239,200 per year".
    static let topCodedFootnote = "5"

    /// Role by SOC code: the occupations that correspond to RateCard roles.
    static func role(occupationCode code: String) -> Role {
        switch code {
        case "151252", "151251": .backend
        case "151254", "151255": .frontend
        case "151253": .qa
        case "151244", "151241", "151231", "151232": .devops
        case "152051", "151243", "151242", "152041": .data
        default: .other
        }
    }

    /// Where each field is, found once from the header: a file has a quarter of a million rows,
    /// and hashing thirty column names per row was a fifth of an import.
    struct Columns {
        var seriesKey, occupation, areaType, footnotes: Int?
        var hourly: [Int?], annual: [Int?]
        var hourlyMean, annualMean, state, areaName, areaCode, occupationName, industryCode, industryName: Int?
        var employment, locationQuotient, jobsPerThousand: Int?
        /// The field names, for messages.
        static let hourlyNames = OEWSAdapter.percentileFields.map { "hourly_\($0)" }
        static let annualNames = OEWSAdapter.percentileFields.map { "annual_\($0)" }

        init(_ columns: [String: Int]) {
            seriesKey = columns["series_key"]
            occupation = columns["occupation_code"]
            areaType = columns["areatype"]
            footnotes = columns["footnotes"]
            hourly = Self.hourlyNames.map { columns[$0] }
            annual = Self.annualNames.map { columns[$0] }
            hourlyMean = columns["hourly_mean"]
            annualMean = columns["annual_mean"]
            state = columns["state_code"]
            areaName = columns["area_name"]
            areaCode = columns["area_code"]
            occupationName = columns["occupation_name"]
            industryCode = columns["industry_code"]
            industryName = columns["industry_name"]
            employment = columns["employment"]
            locationQuotient = columns["location_quotient"]
            jobsPerThousand = columns["employment_per_1000_jobs"]
        }
    }

    func convert(_ row: Row) -> ImportItem {
        let columns = cachedColumns(row)
        func text(_ index: Int?) -> String? { index.flatMap { row[at: $0] } }
        func number(_ index: Int?) -> Double? { index.flatMap { row.number(at: $0) } }
        guard let seriesKey = text(columns.seriesKey) else { return row.issue("series_key", .invalidValue, "the series key is missing") }
        guard let occupation = text(columns.occupation) else {
            return row.issue("occupation_code", .invalidValue, "the occupation code is missing")
        }
        guard let areaType = text(columns.areaType), areaType == "N" || areaType == "S" || areaType == "M" else {
            return row.issue("areatype", .invalidValue, "area type '\(row.raw("areatype"))' is not N, S or M")
        }
        // Footnotes look like "10:5;15:5": data type 10 (hourly p90) and 15 (annual p90) carry footnote 5.
        let footnotes = columns.footnotes.map { row.raw(at: $0) } ?? ""
        var footnoted: [Substring: Substring] = [:]
        if !footnotes.isEmpty {
            for part in footnotes.split(separator: ";") {
                let pieces = part.split(separator: ":")
                if pieces.count == 2 { footnoted[pieces[0]] = pieces[1] }
            }
        }
        var topCoded: [String] = []
        func cell(_ index: Int?, field: String, code: String) -> Result<Money?, RowIssue> {
            if let value = number(index), value >= 0 { return .success(Money(amount: value, currency: .usd)) }
            guard let text = text(index) else {
                if !footnoted.isEmpty, footnoted[Substring(code)] == Substring(Self.topCodedFootnote) { topCoded.append(field) }
                return .success(nil)
            }
            guard let value = NumberText.parse(text), value >= 0 else {
                return .failure(RowIssue(line: row.line, field: field, value: text, reason: .invalidValue, message: "'\(text)' is not a wage"))
            }
            return .success(Money(amount: value, currency: .usd))
        }
        var hourly = PercentileSet()
        var annual = PercentileSet()
        var hourlyMean: Money?
        var annualMean: Money?
        do {
            var hourlyCells: [Money?] = []
            var annualCells: [Money?] = []
            hourlyCells.reserveCapacity(5)
            annualCells.reserveCapacity(5)
            for index in 0..<5 {
                hourlyCells.append(try cell(columns.hourly[index], field: Columns.hourlyNames[index], code: Self.hourlyCodes[index]).get())
                annualCells.append(try cell(columns.annual[index], field: Columns.annualNames[index], code: Self.annualCodes[index]).get())
            }
            hourly = PercentileSet(p10: hourlyCells[0], p25: hourlyCells[1], p50: hourlyCells[2], p75: hourlyCells[3], p90: hourlyCells[4])
            annual = PercentileSet(p10: annualCells[0], p25: annualCells[1], p50: annualCells[2], p75: annualCells[3], p90: annualCells[4])
            hourlyMean = try cell(columns.hourlyMean, field: "hourly_mean", code: "03").get()
            annualMean = try cell(columns.annualMean, field: "annual_mean", code: "04").get()
        } catch {
            return .rejected(error)
        }
        let state = text(columns.state)
        let areaName = text(columns.areaName) ?? ""
        let location: Location
        switch areaType {
        case "N": location = Location(country: CountryCode("US")!)
        case "S": location = Location(country: CountryCode("US")!, subdivision: state)
        default: location = Location(country: CountryCode("US")!, subdivision: state, city: areaName, cityKey: TextKey.make(areaName))
        }
        let published = hourly.all.contains { $0 != nil } || annual.all.contains { $0 != nil }
        let quality: QualityFlag
        let rule: String?
        if !topCoded.isEmpty {
            quality = .topCoded
            rule = "BLS top-coded \(topCoded.joined(separator: ", ")) (footnote 5: at or above $115.00/h or $239,200/year)"
        } else {
            quality = .ok
            rule = published ? nil : "BLS released no wage estimate for this cell (footnotes \(footnotes))"
        }
        return .distribution(
            PublishedDistribution(
                recordKey: "\(dataset):\(seriesKey)",
                line: row.line,
                observedOn: Self.referenceDate,
                location: location,
                areaType: areaType,
                areaCode: text(columns.areaCode) ?? "",
                areaName: areaName,
                occupationCode: occupation,
                occupationName: text(columns.occupationName) ?? "",
                industryCode: text(columns.industryCode) ?? "",
                industryName: text(columns.industryName) ?? "",
                role: Self.role(occupationCode: occupation),
                employment: number(columns.employment).map { Int(saturating: $0) },
                annual: annual,
                hourly: hourly,
                annualMean: annualMean,
                hourlyMean: hourlyMean,
                topCodedCells: topCoded,
                locationQuotient: number(columns.locationQuotient),
                jobsPerThousand: number(columns.jobsPerThousand),
                footnotes: footnotes,
                quality: quality,
                qualityRule: rule
            )
        )
    }
}
