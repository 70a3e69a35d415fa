import RateCore

/// BLS OEWS area files: each row is a published wage distribution for one occupation in one area
/// (May 2025 reference period), stored as such rather than as individual people.
struct OEWSAdapter: RecordAdapter {
    let dataset = "oews"
    let context: ImportContext
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

    func convert(_ row: Row) -> ImportItem {
        guard let seriesKey = row["series_key"] else { return row.issue("series_key", .invalidValue, "the series key is missing") }
        guard let occupation = row["occupation_code"] else { return row.issue("occupation_code", .invalidValue, "the occupation code is missing") }
        guard let areaType = row["areatype"], ["N", "S", "M"].contains(areaType) else {
            return row.issue("areatype", .invalidValue, "area type '\(row.raw("areatype"))' is not N, S or M")
        }
        // Footnotes look like "10:5;15:5": data type 10 (hourly p90) and 15 (annual p90) carry footnote 5.
        var footnoted: [String: String] = [:]
        let footnotes = row.raw("footnotes")
        for part in footnotes.split(separator: ";") {
            let pieces = part.split(separator: ":")
            if pieces.count == 2 { footnoted[String(pieces[0])] = String(pieces[1]) }
        }
        var topCoded: [String] = []
        func cell(_ field: String, code: String, label: String) -> Result<Money?, RowIssue> {
            if let value = row.number(field), value >= 0 { return .success(Money(amount: value, currency: .usd)) }
            guard let text = row[field] else {
                if footnoted[code] == Self.topCodedFootnote { topCoded.append(label) }
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
            for (index, name) in Self.percentileFields.enumerated() {
                hourlyCells.append(try cell("hourly_\(name)", code: Self.hourlyCodes[index], label: "hourly_\(name)").get())
                annualCells.append(try cell("annual_\(name)", code: Self.annualCodes[index], label: "annual_\(name)").get())
            }
            hourly = PercentileSet(p10: hourlyCells[0], p25: hourlyCells[1], p50: hourlyCells[2], p75: hourlyCells[3], p90: hourlyCells[4])
            annual = PercentileSet(p10: annualCells[0], p25: annualCells[1], p50: annualCells[2], p75: annualCells[3], p90: annualCells[4])
            hourlyMean = try cell("hourly_mean", code: "03", label: "hourly_mean").get()
            annualMean = try cell("annual_mean", code: "04", label: "annual_mean").get()
        } catch {
            return .rejected(error)
        }
        let state = row["state_code"]
        let areaName = row["area_name"] ?? ""
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
                areaCode: row["area_code"] ?? "",
                areaName: areaName,
                occupationCode: occupation,
                occupationName: row["occupation_name"] ?? "",
                industryCode: row["industry_code"] ?? "",
                industryName: row["industry_name"] ?? "",
                role: Self.role(occupationCode: occupation),
                employment: row.number("employment").map { Int($0) },
                annual: annual,
                hourly: hourly,
                annualMean: annualMean,
                hourlyMean: hourlyMean,
                topCodedCells: topCoded,
                locationQuotient: row.number("location_quotient"),
                jobsPerThousand: row.number("employment_per_1000_jobs"),
                footnotes: footnotes,
                quality: quality,
                qualityRule: rule
            )
        )
    }
}
