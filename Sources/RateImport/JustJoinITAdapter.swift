import Crypto
import Foundation
import RateCore

/// justjoin.it job offers (Poland): a technology group, seniority, title, city and the monthly
/// ranges the offer advertises for a B2B contract (a contractor's invoice) and for an employment
/// contract (gross pay). An offer is not a person, and a range is not a paid figure: each is stored
/// as advertised ranges (`AdvertisedRange`), one per contract quoted, never as observations.
struct JustJoinITAdapter: RecordAdapter {
    let dataset: String
    let context: ImportContext
    let resolvers: CachedResolvers
    /// The day the offers were listed, from the file's name (justjoin.it shows live offers only).
    let listedOn: CalendarDate

    static func detect(_ names: Set<String>) -> Bool {
        names.isSuperset(of: ["Group", "Seniority", "Position", "Location", "Salary_b2b", "Salary_permanent"])
    }

    init(context: ImportContext, resolvers: CachedResolvers, listedOn: CalendarDate) {
        self.context = context
        self.resolvers = resolvers
        self.listedOn = listedOn
        dataset = "justjoinit-\(listedOn.year)-\(listedOn.month < 10 ? "0" : "")\(listedOn.month)"
    }

    /// The month of a scrape in its file name ("justjoinit_offers_2021_08.csv", "offers-2021-08"),
    /// dated the 15th.
    static func listingMonth(fileName: String) -> CalendarDate? {
        let characters = Array(fileName)
        guard characters.count >= 7 else { return nil }
        for start in 0...(characters.count - 7) {
            let year = String(characters[start..<start + 4])
            let separator = characters[start + 4]
            let month = String(characters[start + 5..<start + 7])
            guard year.allSatisfy(\.isNumber), year.hasPrefix("20"), separator == "_" || separator == "-", month.allSatisfy(\.isNumber),
                let y = Int(year), let m = Int(month), (1...12).contains(m)
            else { continue }
            if start + 7 < characters.count, characters[start + 7].isNumber { continue }
            return CalendarDate(year: y, month: m, day: 15)
        }
        return nil
    }

    /// An offer's identity: its content. The board's export has no ids, and repeats some offers
    /// row for row (17 in August 2021), which must count once.
    static func offerKey(dataset: String, row: Row) -> String {
        var hasher = SHA256()
        for index in 0..<row.record.count {
            hasher.update(data: Array(row.raw(at: index).utf8))
            hasher.update(data: [0])
        }
        return "\(dataset):\(hasher.finalize().hexadecimal.prefix(16))"
    }

    func convert(_ row: Row) -> ImportItem {
        let offerKey = Self.offerKey(dataset: dataset, row: row)
        let b2bText = row["Salary_b2b"]
        let permanentText = row["Salary_permanent"]
        var ranges: [(field: String, employment: EmploymentType, low: Double, high: Double, currency: CurrencyCode)] = []
        for (field, text, employment) in [("Salary_b2b", b2bText, EmploymentType.freelancer), ("Salary_permanent", permanentText, .employeeFullTime)]
        {
            guard let text, !Self.isUndisclosed(text) else { continue }
            guard let range = Self.range(text) else {
                return row.issue(field, .invalidAmount, "'\(InputQuote.make(text))' is not a range such as 14 000 - 20 000 PLN")
            }
            ranges.append((field, employment, range.low, range.high, range.currency))
        }
        guard !ranges.isEmpty else {
            return row.issue("Salary_b2b", .missingPay, "the offer discloses no salary for either contract")
        }
        guard let cityText = row["Location"] else { return row.issue("Location", .missingCountry, "no city given; the offer cannot be placed") }
        let city = resolvers.city(cityText)
        let country: CountryCode
        if let listed = resolvers.tables.cities.country(of: cityText) {
            country = listed
        } else if ranges.allSatisfy({ $0.currency.code == "PLN" }) {
            // justjoin.it is a Polish board: a town RateCard does not list, paid in złoty, is in Poland.
            country = CountryCode("PL")!
        } else {
            return row.issue(
                "Location",
                .unknownCountry,
                "'\(InputQuote.make(cityText))' is not a city RateCard can place, and the pay is not in złoty; add it to city-aliases.csv with its country"
            )
        }
        var stored: [AdvertisedRange] = []
        for range in ranges {
            let low: PayNormaliser.Result
            let high: PayNormaliser.Result
            do {
                low = try normalise(range.low, range.currency, row: row, field: range.field)
                high = try normalise(range.high, range.currency, row: row, field: range.field)
            } catch { return .rejected(error) }
            stored.append(
                AdvertisedRange(
                    recordKey: "\(offerKey):\(range.employment == .freelancer ? "b2b" : "permanent")",
                    offerKey: offerKey,
                    line: row.line,
                    observedOn: listedOn,
                    location: Location(country: country, city: city?.name, cityKey: city?.key),
                    role: Self.role(group: row["Group"], title: row["Position"], resolvers: resolvers),
                    level: row["Seniority"].flatMap(ExperienceLevel.init(parsing:)),
                    skills: resolvers.skills([row["Obligatory_skills"], row["Optional_skills"]].map { $0.map(Self.skillNames) }, separator: "\u{1}"),
                    employment: range.employment,
                    low: low.reported.amount,
                    high: high.reported.amount,
                    period: .month,
                    lowHourlyUSD: low.normalised.hourlyUSD,
                    highHourlyUSD: high.normalised.hourlyUSD,
                    fxRate: low.normalised.fxRate,
                    fxDate: low.normalised.fxDate,
                    title: row["Position"]
                )
            )
        }
        return .offer(stored)
    }

    private func normalise(_ amount: Double, _ currency: CurrencyCode, row: Row, field: String) throws(RowIssue) -> PayNormaliser.Result {
        try context.normaliser.normalise(
            amount: amount,
            currency: currency,
            period: .month,
            basis: .gross,
            on: listedOn,
            line: row.line,
            amountField: field,
            currencyField: field
        )
    }

    static func isUndisclosed(_ text: String) -> Bool {
        let key = TextKey.make(text)
        return key == "undisclosedsalary" || key == "nopermanentinformation" || key == "undisclosed"
    }

    /// "14 000 - 20 000 PLN", or one figure ("15 000 PLN") for both bounds.
    static func range(_ text: String) -> (low: Double, high: Double, currency: CurrencyCode)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > 4, let currency = CurrencyCode(String(trimmed.suffix(3))) else { return nil }
        let amounts = trimmed.dropLast(3).split(separator: "-").map { part in
            part.filter { !$0.isWhitespace && $0 != "\u{00A0}" }
        }
        guard (1...2).contains(amounts.count), amounts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        let values = amounts.compactMap { Double(String($0)) }
        guard values.count == amounts.count, let low = values.first, let high = values.last, low > 0, high >= low else { return nil }
        return (low, high, currency)
    }

    /// "[{'Python': 'advanced'}, {'MS SQL': 'advanced'}]" → "Python\u{1}MS SQL".
    static func skillNames(_ text: String) -> String {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{'") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "':") else { break }
            names.append(String(rest[..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return names.joined(separator: "\u{1}")
    }

    /// The title's role when it names one ("Full-Stack", "DevOps", "QA"); otherwise the offer's
    /// technology group: server languages are back-end, JavaScript and HTML front-end.
    static func role(group: String?, title: String?, resolvers: CachedResolvers) -> Role {
        if let title {
            let fromTitle = resolvers.role(title)
            if fromTitle != .other { return fromTitle }
        }
        switch TextKey.make(group ?? "") {
        case "java", "php", "python", "ruby", "go", "net", "scala", "c": return .backend
        case "javascript", "html": return .frontend
        case "mobile": return .mobile
        case "devops", "admin": return .devops
        case "data", "analytics": return .data
        case "testing": return .qa
        default: return .other
        }
    }
}
