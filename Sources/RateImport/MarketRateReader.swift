import Foundation
import RateCore

/// The market-price layouts RateCard reads: agency directory listings and freelance marketplace profiles.
public enum MarketLayout: String, Sendable, CaseIterable {
    /// Clutch.co profiles as scraped in April 2024 (`url,company,…,hourly_rate,size,location`).
    case clutch2024 = "clutch-2024"
    /// Clutch.co and GoodFirms directory listings as crawled in October 2025 (`profile_url,…,hourly_rate,team_size,locations`).
    case directoryListings = "directory-listings"
    /// Freelancer.com "online freelancers" search results (`Country,Hourly_Paid,…,rate,rate_currency,freelancer_id`).
    case freelancerCom = "freelancer-com"

    public static func detect(header: [String]) -> MarketLayout? {
        let names = Set(header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        if names.isSuperset(of: ["url", "company", "hourly_rate", "size", "location"]) { return .clutch2024 }
        if names.isSuperset(of: ["profile_url", "company_name", "hourly_rate", "team_size", "locations"]) { return .directoryListings }
        if names.isSuperset(of: ["Country", "Hourly_Paid", "rate", "rate_currency", "freelancer_id"]) { return .freelancerCom }
        return nil
    }

    public var channel: MarketChannel { self == .freelancerCom ? .freelanceMarketplace : .agencyListings }

    /// Who published the prices, for evidence lines ("Clutch 2024-04").
    public var publisher: String {
        switch self {
        case .clutch2024: "Clutch"
        case .directoryListings: "Clutch/GoodFirms"
        case .freelancerCom: "Freelancer.com"
        }
    }
}

/// A market file read: its quotes, its rejected rows with their reasons, and the repairs made.
public struct MarketFileReading: Sendable {
    public var path: String
    public var layout: MarketLayout
    public var source: String
    public var observedOn: CalendarDate
    public var quotes: [MarketQuote]
    /// The key that identifies the same firm or freelancer across files, per quote.
    public var identities: [String]
    public var lines: [Int]
    public var rejected: [RowIssue]
    /// Rows whose misplaced team size was moved to its column (Clutch 2024).
    public var repairedRows: Int
    public var rowsRead: Int
}

/// What went wrong with a market file as a whole.
public struct MarketFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

/// Reads agency listings and marketplace profiles into `MarketQuote`s. Every row becomes a quote or
/// a `RowIssue` with its line, field and reason.
public struct MarketRateReader: Sendable {
    public let tables: ReferenceTables

    public init(tables: ReferenceTables) { self.tables = tables }

    /// Reads one file. The observation date comes from `observedOn`, else from the file name
    /// (`…_2024-04.csv`), else from the rows' crawl time where the layout has one.
    public func read(path: String, observedOn: CalendarDate? = nil, limits: InputLimits = .standard) throws -> MarketFileReading {
        let reader = try CSVReader(source: InputFile.open(path: path, limits: limits), path: path, maximumRecordBytes: limits.maximumRecordBytes)
        guard let headerRecord = try reader.next() else { throw MarketFileError(path: path, message: "the file is empty") }
        let header = headerRecord.fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let layout = MarketLayout.detect(header: header) else {
            throw MarketFileError(
                path: path,
                message:
                    "not a market-rate layout RateCard knows (agency listings from Clutch or GoodFirms, or Freelancer.com profiles); header starts \(InputQuote.make(header.prefix(6).joined(separator: ",")))"
            )
        }
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let stem = URL(fileURLWithPath: path).lastPathComponent.components(separatedBy: ".").first ?? "market"
        let dateFromName = Self.monthInName(stem)
        var reading = MarketFileReading(
            path: path,
            layout: layout,
            source: stem,
            observedOn: observedOn ?? dateFromName ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            quotes: [],
            identities: [],
            lines: [],
            rejected: [],
            repairedRows: 0,
            rowsRead: 0
        )
        var seen: [String: Int] = [:]
        while let record = try reader.next() {
            reading.rowsRead += 1
            let line = record.line
            func field(_ name: String) -> String {
                guard let index = column[name], index < record.count else { return "" }
                return record.field(index).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            func reject(_ name: String, _ value: String, _ reason: RejectReason, _ message: String) {
                reading.rejected.append(RowIssue(line: line, field: name, value: InputQuote.make(value), reason: reason, message: message))
            }
            if record.isUnterminated {
                reject("record", "", .truncatedRow, "the row ends inside a quoted field; check the file's quoting")
                continue
            }
            // The row's own date where the layout records it and neither the caller nor the name gives one.
            var rowDate = reading.observedOn
            if observedOn == nil && dateFromName == nil {
                guard let crawled = CalendarDate(iso: String(field("last_crawled_at").prefix(10))) else {
                    reject(
                        "last_crawled_at",
                        field("last_crawled_at"),
                        .invalidValue,
                        "no observation date: name the file …_YYYY-MM.csv or pass --observed-on"
                    )
                    continue
                }
                rowDate = crawled
            }
            switch layout {
            case .clutch2024, .directoryListings:
                var rateText = field("hourly_rate")
                var sizeText = field(layout == .clutch2024 ? "size" : "team_size")
                let identity = layout == .clutch2024 ? field("url") : field("profile_url")
                // Clutch 2024's known defect: with no rate shown, the size band sits in the rate column.
                if layout == .clutch2024, sizeText.isEmpty, !rateText.contains("$"), AgencyTeamSize(directoryText: rateText) != nil {
                    sizeText = rateText
                    rateText = ""
                    reading.repairedRows += 1
                }
                guard !rateText.isEmpty, !["undisclosed", "na", "nan"].contains(TextKey.make(rateText)) else {
                    reject("hourly_rate", rateText, .missingPay, "no hourly rate shown in the listing")
                    continue
                }
                guard let band = Self.rateBand(rateText) else {
                    reject(
                        "hourly_rate",
                        rateText,
                        .invalidAmount,
                        "not an hourly-rate band (expected \"$25 - $49/hr\", \"< $25/hr\" or \"$300+/hr\")"
                    )
                    continue
                }
                let locationField = layout == .clutch2024 ? "location" : "locations"
                let location = layout == .clutch2024 ? field("location") : Self.firstLocation(field("locations"))
                guard !location.isEmpty else {
                    reject(locationField, field(locationField), .missingCountry, "no location in the listing")
                    continue
                }
                guard let country = resolveLocation(location) else {
                    reject(
                        locationField,
                        location,
                        .unknownCountry,
                        "the location's country is not one RateCard knows; add an alias to country-aliases.csv"
                    )
                    continue
                }
                let key =
                    identity.isEmpty
                    ? "\(TextKey.make(field(layout == .clutch2024 ? "company" : "company_name")))|\(country.code.alpha2)" : Self.profileKey(identity)
                if let first = seen[key] {
                    reject(
                        layout == .clutch2024 ? "url" : "profile_url",
                        identity,
                        .duplicate,
                        "the same agency as line \(first) (listed on several directory pages)"
                    )
                    continue
                }
                seen[key] = line
                reading.quotes.append(
                    MarketQuote(
                        channel: .agencyListings,
                        country: country.code,
                        region: country.region,
                        lowerHourlyUSD: band.lower,
                        upperHourlyUSD: band.upper,
                        teamSize: AgencyTeamSize(directoryText: sizeText),
                        source: stem,
                        observedOn: rowDate
                    )
                )
                reading.identities.append(key)
                reading.lines.append(line)
            case .freelancerCom:
                let identity = field("freelancer_id")
                let rateText = field("rate")
                guard field("rate_currency").uppercased() == "USD" else {
                    reject("rate_currency", field("rate_currency"), .unknownCurrency, "marketplace rates are read in USD only")
                    continue
                }
                guard let rate = DecimalText.parse(rateText), rate.isFinite, rate >= 1, rate <= 1000 else {
                    reject("rate", rateText, .invalidAmount, "the hourly rate must be a number of US dollars from 1 to 1000")
                    continue
                }
                guard !field("Country").isEmpty else {
                    reject("Country", "", .missingCountry, "no country in the profile")
                    continue
                }
                guard let country = tables.countries.resolve(field("Country")) else {
                    reject("Country", field("Country"), .unknownCountry, "not a country RateCard knows; add an alias to country-aliases.csv")
                    continue
                }
                let key = identity.isEmpty ? "line \(line)" : "freelancer:\(identity)"
                if let first = seen[key] {
                    reject("freelancer_id", identity, .duplicate, "the same freelancer as line \(first) (found under several skills)")
                    continue
                }
                seen[key] = line
                reading.quotes.append(
                    MarketQuote(
                        channel: .freelanceMarketplace,
                        country: country.code,
                        region: country.region,
                        lowerHourlyUSD: rate,
                        upperHourlyUSD: rate,
                        teamSize: nil,
                        source: stem,
                        observedOn: rowDate
                    )
                )
                reading.identities.append(key)
                reading.lines.append(line)
            }
        }
        if let latest = reading.quotes.map(\.observedOn).max(), observedOn == nil && dateFromName == nil { reading.observedOn = latest }
        reading.source = "\(layout.publisher) \(String(reading.observedOn.description.prefix(7)))"
        for index in reading.quotes.indices { reading.quotes[index].source = reading.source }
        return reading
    }

    /// "$25 - $49/hr" → 25 ..< 50; "< $25/hr" → open below 25; "$300+/hr" → open above 300. Bands are
    /// whole dollars, so a band's upper end is exclusive at the next dollar.
    static func rateBand(_ text: String) -> (lower: Double?, upper: Double?)? {
        let compact = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ",", with: "").lowercased()
        guard compact.hasSuffix("/hr") else { return nil }
        let body = compact.dropLast(3)
        func dollars<S: StringProtocol>(_ part: S) -> Double? {
            guard part.hasPrefix("$"), let value = Double(part.dropFirst()), value > 0, value < 100_000 else { return nil }
            return value
        }
        if body.hasPrefix("<") { return dollars(body.dropFirst()).map { (nil, $0) } }
        if body.hasSuffix("+") { return dollars(body.dropLast()).map { ($0, nil) } }
        let parts = body.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let lower = dollars(parts[0]), let upper = dollars(parts[1]), upper >= lower else { return nil }
        return (lower, upper + 1)
    }

    /// GoodFirms and Clutch 2025 give locations as a JSON list; the first is the headquarters.
    static func firstLocation(_ text: String) -> String {
        guard text.hasPrefix("["), let data = text.data(using: .utf8),
            let list = try? JSONDecoder().decode([String].self, from: data)
        else { return text }
        let first = list.first?.trimmingCharacters(in: .whitespaces) ?? ""
        // The 2025 crawl wrote the directory's empty filter label where a firm lists no location.
        return first.lowercased().contains("selected") ? "" : first
    }

    /// The part of a profile address that names the firm (`clutch.co/profile/x` and `goodfirms.co/company/x`).
    static func profileKey(_ address: String) -> String {
        let path = address.lowercased().split(separator: "?").first.map(String.init) ?? address.lowercased()
        return path.split(separator: "/").suffix(2).joined(separator: "/")
    }

    static func monthInName(_ stem: String) -> CalendarDate? {
        let parts = stem.split(whereSeparator: { $0 == "_" || $0 == "." })
        for part in parts.reversed() {
            let pieces = part.split(separator: "-")
            if pieces.count == 2, pieces[0].count == 4, pieces[1].count == 2, let year = Int(pieces[0]), let month = Int(pieces[1]),
                let date = CalendarDate(year: year, month: month, day: 15)
            {
                return date
            }
        }
        return nil
    }

    /// "Kyiv, Ukraine" → Ukraine; "Denver, CO" and "Austin, Texas" → the United States (directories write
    /// US locations with the state); "T'bilisi, Georgia" → Georgia the country (the US state is written "GA").
    func resolveLocation(_ location: String) -> Country? {
        let last = location.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty } ?? location
        if USStates.codes.contains(last) || USStates.names.contains(last.lowercased()) { return tables.countries.resolve("US") }
        return tables.countries.resolve(last) ?? tables.countries.resolve(location)
    }
}

/// Fits `MarketRateModel` from market files: reads each, keeps one quote per firm or freelancer
/// (the newest; older ones are reported as duplicates), and fits every channel present.
public struct MarketRateBuild: Sendable {
    public var model: MarketRateModel
    public var readings: [MarketFileReading]
    /// Quotes dropped because a newer file has the same firm or freelancer, by file path.
    public var supersededByFile: [String: [RowIssue]]

    public init(paths: [String], tables: ReferenceTables, observedOn: CalendarDate? = nil, limits: InputLimits = .standard) throws {
        let reader = MarketRateReader(tables: tables)
        let readings = try paths.map { try reader.read(path: $0, observedOn: observedOn, limits: limits) }
        self.readings = readings
        // Newest first, so the quote kept for a firm listed twice is its latest.
        let order = readings.indices.sorted { readings[$0].observedOn > readings[$1].observedOn }
        var kept: [String: (file: String, line: Int)] = [:]
        var quotes: [MarketQuote] = []
        var supersededByFile: [String: [RowIssue]] = [:]
        for fileIndex in order {
            let reading = readings[fileIndex]
            for (position, quote) in reading.quotes.enumerated() {
                let identity = reading.identities[position]
                if let first = kept[identity] {
                    let name = URL(fileURLWithPath: first.file).lastPathComponent
                    supersededByFile[reading.path, default: []].append(
                        RowIssue(
                            line: reading.lines[position],
                            field: reading.layout == .freelancerCom ? "freelancer_id" : "profile",
                            value: identity,
                            reason: .duplicate,
                            message:
                                "the same \(reading.layout == .freelancerCom ? "freelancer" : "agency") as \(name) line \(first.line), which is newer"
                        )
                    )
                    continue
                }
                kept[identity] = (reading.path, reading.lines[position])
                quotes.append(quote)
            }
        }
        self.supersededByFile = supersededByFile
        let channels = MarketChannel.allCases.compactMap { MarketRateFitter.fit(quotes, channel: $0) }
        model = MarketRateModel(
            channels: channels,
            method:
                "Interval-censored log-normal fit by EM: each declared band is an interval of log rates (open bands open-ended); country within region within world with shrinkage estimated from the data; team size as a fixed effect against 10-49 people; a spread per region pooled toward the overall spread.",
            minimumCountryQuotes: 10
        )
    }

    /// Quotes kept from each file after the cross-file duplicates.
    public func keptQuotes(of reading: MarketFileReading) -> Int {
        reading.quotes.count - (supersededByFile[reading.path]?.count ?? 0)
    }
}
