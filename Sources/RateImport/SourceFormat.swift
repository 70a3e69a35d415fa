import RateCore

/// The file layouts RateCard reads.
public enum SourceFormat: String, Sendable, Codable, CaseIterable {
    case so2016, so2019
    /// Stack Overflow 2019's every respondent, 21 columns: no experience, no employment question.
    case so2019Subset = "so2019-subset"
    case so2023, so2024, so2025, oews, dou
    case douRaw = "dou-raw"
    case colombiaDev = "colombia-dev"
    case sysarmy
    case levelsfyi
    case justjoinit
    case csv

    /// Recognises a layout from its header row; `nil` when none matches (then `--format csv` with a mapping is needed).
    public static func detect(header: [String]) -> SourceFormat? {
        let names = Set(header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        if names.isSuperset(of: ["respondent_id", "salary_midpoint", "country"]) { return .so2016 }
        if names.isSuperset(of: ["CompTotal", "CompFreq", "ConvertedComp", "Country"]) { return .so2019 }
        if StackOverflow2019SubsetAdapter.detect(names) { return .so2019Subset }
        if names.isSuperset(of: ["CompTotal", "Currency", "ConvertedCompYearly", "Country"]) { return .so2023 }
        if names.isSuperset(of: ["response_id", "comp_total", "currency", "converted_comp_yearly", "years_code_pro", "dev_type"]) { return .so2024 }
        if names.isSuperset(of: ["respondent", "salary", "YearsCode", "Country", "PrimaryRole"]) { return .so2025 }
        if names.isSuperset(of: ["series_key", "occupation_code", "annual_median", "areatype"]) { return .oews }
        if names.isSuperset(of: ["wave", "salary_usd_month_net", "city"]) { return .dou }
        if names.contains("Submitted at") && header.contains(where: { $0.contains("$$$") }) { return .douRaw }
        if names.contains(ColombiaDevAdapter.currencyQuestion) && names.contains("Tipo de relación laboral") { return .colombiaDev }
        if SysarmyAdapter.Columns(header: header) != nil { return .sysarmy }
        if LevelsFyiAdapter.detect(names) { return .levelsfyi }
        if JustJoinITAdapter.detect(names) { return .justjoinit }
        return nil
    }

    /// What this layout is, its licence and the attribution that must travel with it.
    public var provenance: (title: String, licence: String, attribution: String) {
        switch self {
        case .so2016, .so2019, .so2019Subset, .so2023, .so2024, .so2025:
            let year = rawValue.dropFirst(2).prefix(4)
            return (
                "Stack Overflow Developer Survey \(year)", "ODbL 1.0 (contents DbCL 1.0)",
                "Stack Overflow Developer Survey \(year), https://survey.stackoverflow.co/; a database derived from it stays under ODbL"
            )
        case .oews:
            return (
                "BLS Occupational Employment and Wage Statistics", "Public domain (US government work)",
                "U.S. Bureau of Labor Statistics, OEWS May 2025"
            )
        case .dou, .douRaw:
            return (
                "DOU.ua salary survey of Ukrainian IT specialists", "Free for research; publications must name DOU with a link",
                "Source: DOU (https://dou.ua/)"
            )
        case .colombiaDev:
            return (
                "colombia-dev developer salary survey", "CC BY-SA 4.0",
                "colombia-dev/data (https://github.com/colombia-dev/data), CC BY-SA 4.0; adaptations share alike"
            )
        case .sysarmy:
            return (
                "sysarmy Encuesta de remuneración salarial Argentina", "CC BY-NC-SA 4.0 (non-commercial)",
                "sysarmy (https://sysarmy.com/), Encuesta de remuneración salarial Argentina, CC BY-NC-SA 4.0: non-commercial use, adaptations share alike"
            )
        case .levelsfyi:
            return (
                "levels.fyi compensation submissions", "none stated (user-submitted to levels.fyi)",
                "levels.fyi submissions 2017–2021 as published on Kaggle (Data Science and STEM Salaries); no licence stated: not redistributed by RateCard"
            )
        case .justjoinit:
            return (
                "justjoin.it job offers", "none stated (a thesis' own scrape of justjoin.it)",
                "justjoin.it (https://justjoin.it/) offers of August 2021, as scraped for a thesis; no licence stated: not redistributed by RateCard"
            )
        case .csv:
            return ("User data", "as stated by the user", "")
        }
    }
}

/// Files that are not a source on their own but complete one, recognised from their header.
public enum CompanionLayout: String, Sendable {
    /// Stack Overflow 2025's languages, one row per respondent and language (joins the salary subset).
    case so2025Languages = "so2025 languages"
    /// A coded survey's label table (`qname,level,label`), as for Stack Overflow 2024.
    case surveyLabels = "survey labels"

    public static func detect(header: [String]) -> CompanionLayout? {
        let names = Set(header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        if names.isSuperset(of: ["respondent", "LanguageHaveWorkedWith"]) && !names.contains("salary") { return .so2025Languages }
        if names == ["qname", "level", "label"] { return .surveyLabels }
        return nil
    }

    /// The layout this companion completes.
    public var completes: SourceFormat { self == .so2025Languages ? .so2025 : .so2024 }
}

/// One outcome of reading one row.
public enum ImportItem: Sendable {
    case observation(Observation)
    case distribution(PublishedDistribution)
    /// The ranges one job offer advertises, one per kind of contract it quotes.
    case offer([AdvertisedRange])
    case rejected(RowIssue)
}

/// Everything an adapter needs to turn rows into domain values.
public struct ImportContext: Sendable {
    public var normaliser: PayNormaliser
    public var tables: ReferenceTables { normaliser.tables }

    public init(normaliser: PayNormaliser) {
        self.normaliser = normaliser
    }
}

/// Turns the records of one layout into observations, distributions or rejections.
protocol RecordAdapter {
    /// A short dataset tag for record keys ("so2016"), so the same respondent is never stored twice.
    var dataset: String { get }
    func convert(_ row: Row) -> ImportItem
}

/// A record with its header, giving fields by name with the source's missing-value tokens removed.
struct Row {
    let record: CSVRecord
    let columns: [String: Int]
    let missingTokens: Set<String>

    var line: Int { record.line }

    /// The trimmed field, or `nil` when absent, empty or a missing-value token ("NA", "-", "N/A").
    subscript(_ name: String) -> String? {
        guard let index = columns[name] else { return nil }
        return self[at: index]
    }

    /// The trimmed field at a column position (for layouts whose columns have no usable names).
    subscript(at index: Int) -> String? {
        guard index < record.count else { return nil }
        var range = record.range(index)
        // Trim ASCII blanks on the bytes, before any String exists.
        while let first = range.first, Self.isBlank(record.bytes[first]) { range = (first + 1)..<range.upperBound }
        while let last = range.last, Self.isBlank(record.bytes[last]) { range = range.lowerBound..<last }
        if range.isEmpty { return nil }
        if range.count <= 3 && Self.isMissingToken(record.bytes[range], missingTokens) { return nil }
        let value = record.decode(range)
        if Self.edgesMayHoldOtherSpace(record.bytes, range) { return Self.trimmingUnicodeSpace(value) }
        return value
    }

    /// `value` without Unicode white space (a no-break space, an ideographic space) at its ends.
    /// Checked on scalars: Foundation's `trimmingCharacters(in:)` bridges through UTF-16, and DOU's
    /// Cyrillic fields, which start and end with non-ASCII letters, made it a sixth of an import.
    static func trimmingUnicodeSpace(_ value: String) -> String? {
        let scalars = value.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        if start == end { return nil }
        if start == scalars.startIndex && end == scalars.endIndex { return value }
        return String(scalars[start..<end])
    }

    /// Whether a field starts or ends with a non-ASCII byte (a no-break space, say), the rare case
    /// that needs Unicode-aware trimming.
    @inline(__always) static func edgesMayHoldOtherSpace(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes[range.lowerBound] >= 0x80 || bytes[range.upperBound - 1] >= 0x80
    }

    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    static func isMissingToken(_ bytes: ArraySlice<UInt8>, _ tokens: Set<String>) -> Bool {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
        return tokens.contains(String(decoding: bytes, as: UTF8.self))
    }

    /// The raw field at a column position.
    func raw(at index: Int) -> String { index < record.count ? record.field(index) : "" }

    /// The raw field, even when it is a missing-value token.
    func raw(_ name: String) -> String {
        guard let index = columns[name], index < record.count else { return "" }
        return record.field(index)
    }

    func issue(_ field: String, _ reason: RejectReason, _ message: String) -> ImportItem {
        .rejected(RowIssue(line: line, field: field, value: raw(field), reason: reason, message: message))
    }

    /// The number at a column position (see `number(_:)`).
    func number(at index: Int) -> Double? {
        if index < record.count, let value = NumberText.parsePlain(record.bytes, record.range(index)) { return value }
        guard let text = self[at: index] else { return nil }
        return NumberText.parse(text)
    }

    /// Parses a number written with optional thousands separators, `$` and spaces ("$45,000", "1 200").
    func number(_ name: String) -> Double? {
        if let index = columns[name], index < record.count, let value = NumberText.parsePlain(record.bytes, record.range(index)) {
            return value
        }
        guard let text = self[name] else { return nil }
        return NumberText.parse(text)
    }
}

/// Dates as American exports write them.
enum DateText {
    /// "6/17/2020 16:23:44", "08/25/2021 05:30:07 PM": month, day and year, then the time (ignored).
    static func monthFirst(_ text: String) -> CalendarDate? {
        let parts = text.prefix { $0 != " " }.split(separator: "/")
        guard parts.count == 3, let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}

enum NumberText {
    /// Parses a plain ASCII decimal ("45000", "38.92", "1,250") straight from bytes; `nil` for
    /// anything else (signs, exponents, spaces, tokens), which then takes the general path.
    static func parsePlain(_ bytes: [UInt8], _ range: Range<Int>) -> Double? {
        guard !range.isEmpty, range.count <= 15 else { return nil }
        var integer: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenDot = false
        var digits = 0
        for index in range {
            let byte = bytes[index]
            switch byte {
            case 0x30...0x39:
                digits += 1
                if seenDot {
                    fraction = fraction * 10 + Int64(byte - 0x30)
                    fractionDigits += 1
                } else {
                    integer = integer * 10 + Int64(byte - 0x30)
                }
            case 0x2E where !seenDot: seenDot = true
            case 0x2C where !seenDot && digits > 0: continue
            default: return nil
            }
        }
        guard digits > 0 else { return nil }
        if fractionDigits == 0 { return Double(integer) }
        var scale = 1.0
        for _ in 0..<fractionDigits { scale *= 10 }
        // Integer division of exact values keeps results identical to Double("38.92").
        return Double(integer * Int64(scale) + fraction) / scale
    }

    static func parse(_ text: String) -> Double? {
        // Fast path: plain ASCII decimals ("45000", "38.92") need no cleaning.
        if let value = Double(text), value.isFinite { return value }
        var cleaned = ""
        cleaned.reserveCapacity(text.utf8.count)
        for character in text where character != "," && character != "$" && character != " " && character != "\u{00A0}" {
            cleaned.append(character)
        }
        guard let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }

    /// The weights a row may carry: DOU's 2022 cross-tab cells reach 851; far larger ones (1e6,
    /// 1e308) let one row move a country or make the fit singular.
    static let weightRange: ClosedRange<Double> = 0.001...1000

    /// A row weight within `weightRange`, or `nil`.
    static func weight(_ text: String) -> Double? {
        guard let value = parse(text), weightRange.contains(value) else { return nil }
        return value
    }

    static func weightMessage(_ text: String) -> String {
        "weight '\(InputQuote.make(text))' is not a number from 0.001 to 1,000, the range RateCard accepts (a larger one would let one row outweigh a country)"
    }

    /// A band such as "$40,000 - $50,000", "500 - 1000", "Less than $10,000", "More than $200,000",
    /// "6500 +", "11+ years", "6 - 10 years", "Less than 1 year".
    static func band(_ text: String) -> (low: Double, high: Double?)? {
        let lower = text.lowercased()
        let numbers = lower.split(whereSeparator: { !($0.isNumber || $0 == "." || $0 == ",") })
            .compactMap { parse(String($0)) }
        if lower.hasPrefix("less than"), let high = numbers.first { return (0, high) }
        if lower.hasPrefix("more than"), let low = numbers.first { return (low, nil) }
        if lower.contains("+"), numbers.count == 1 { return (numbers[0], nil) }
        if numbers.count == 2, lower.contains("-") || lower.contains("–") { return (numbers[0], numbers[1]) }
        return nil
    }
}
