import Foundation
import RateCore
import RateStats

/// sysarmy's "Encuesta de remuneración salarial Argentina", every semester wave as sysarmy
/// publishes it: banner rows above the header, Spanish column names up to 2023 and snake_case ones
/// from 2024, monthly gross and net pay in pesos, and (from 2022) how much of it is paid in dollars
/// and at what rate. Licensed CC BY-NC-SA 4.0: importable, never part of the shipped default.
///
/// Columns are found by the words of their question, folded with `TextKey` so that "Años de
/// experiencia" and `anos_de_experiencia` are the same column.
struct SysarmyAdapter: RecordAdapter {
    let dataset = "sysarmy"
    let context: ImportContext
    let resolvers: CachedResolvers
    let columns: Columns
    let wave: Wave
    let waveRate: WaveRate

    /// One semester wave ("2025.2"): its year, its half and the day its pay is dated.
    struct Wave: Sendable, Hashable, CustomStringConvertible {
        var year: Int
        var half: Int

        /// Finds "2025.2" (or "2025-2", "2025_2") in a file name: sysarmy names every download with its wave.
        init?(fileName: String) {
            let characters = Array(fileName)
            guard characters.count >= 6 else { return nil }
            for start in 0...(characters.count - 6) {
                let year = characters[start..<start + 4]
                let separator = characters[start + 4]
                let half = characters[start + 5]
                guard year.allSatisfy(\.isASCIIDigit), year.first == "2", [".", "-", "_"].contains(separator), half == "1" || half == "2" else {
                    continue
                }
                if start + 6 < characters.count, characters[start + 6].isASCIIDigit { continue }
                if start > 0, characters[start - 1].isASCIIDigit { continue }
                self.year = Int(String(year))!
                self.half = half == "1" ? 1 : 2
                return
            }
            return nil
        }

        init(year: Int, half: Int) {
            self.year = year
            self.half = half
        }

        /// The middle of the wave's field period: the first half's survey runs in January and
        /// February, the second's in June and July (the dates its respondents' dollar rates match).
        var surveyDate: CalendarDate { CalendarDate(year: year, month: half == 1 ? 2 : 7, day: half == 1 ? 15 : 1)! }

        var description: String { "\(year).\(half)" }
    }

    /// The pesos-per-dollar rate of a wave for respondents who report none of their own, and how it was set.
    struct WaveRate: Sendable, Hashable {
        var pesosPerDollar: Double
        /// The rule in words, stored with every row converted at it.
        var rule: String
    }

    /// BCRA's reference rate (Comunicación A 3500, wholesale) averaged over the months each early
    /// wave ran, for the waves that did not yet ask respondents for the rate of their dollarised
    /// pay. From September 2019 a parallel rate stood above it; these waves' USD figures are at the
    /// official rate (methodology, §1).
    static let officialRates: [Wave: Double] = [
        Wave(year: 2019, half: 1): 38.0,
        Wave(year: 2019, half: 2): 42.5,
        Wave(year: 2020, half: 1): 60.6,
        Wave(year: 2020, half: 2): 72.3,
    ]

    /// The median dollar rate each wave's respondents report (pesos per USD, and how many reported
    /// one), from the full files as sysarmy publishes them: what a part of a wave (a sample, a
    /// filtered export) is converted at when fewer than 30 of its rows report a rate.
    static let publishedWaveRates: [Wave: (pesosPerDollar: Double, respondents: Int)] = [
        Wave(year: 2022, half: 1): (112, 1_012),
        Wave(year: 2022, half: 2): (170, 893),
        Wave(year: 2023, half: 1): (312, 985),
        Wave(year: 2023, half: 2): (435, 991),
        Wave(year: 2024, half: 1): (1_000, 1_069),
        Wave(year: 2025, half: 1): (1_060, 969),
        Wave(year: 2025, half: 2): (1_200, 652),
    ]

    /// Respondents reporting a rate that a file needs for its own median to set the wave's rate.
    static let minimumReportedRates = 30

    /// A monthly gross below this many dollars is no full-time salary in any wave (Argentina's
    /// minimum wage stayed above about US$150 a month): a figure in thousands of pesos, or in dollars.
    static let smallestMonthlyUSD = 100.0

    static let argentina = CountryCode("AR")!

    /// Where each answer is, by the folded words of its question.
    struct Columns {
        var province: Int
        var contract: Int
        var dedication: Int?
        var gross: Int
        var net: Int?
        var dollarPayments: Int?
        var dollarRate: Int?
        var role: Int?
        var experience: Int?
        var seniority: Int?
        var languages: Int?
        var frameworks: Int?
        var databases: Int?
        var modality: Int?
        let header: [String]

        /// A column's name for messages: the header as the file has it.
        func field(_ index: Int) -> String { InputQuote.make(header[index], limit: 60) }

        init?(header: [String]) {
            self.header = header
            let keys = header.map(TextKey.make)
            func find(_ matches: (String) -> Bool) -> Int? { keys.firstIndex(where: matches) }
            guard let province = find({ $0 == "dondeestastrabajando" }), let contract = find({ $0 == "tipodecontrato" }),
                let gross = find({ $0.contains("salario") && $0.contains("bruto") })
            else { return nil }
            self.province = province
            self.contract = contract
            self.gross = gross
            net = find { $0.contains("salario") && $0.contains("neto") }
            dedication = find { $0 == "dedicacion" }
            dollarPayments = find { $0 == "pagosendolares" }
            dollarRate = find { $0.contains("ultimovalordedolar") || $0.contains("ultimovalordeldolar") }
            role = find { $0 == "trabajode" }
            experience = find { $0.hasPrefix("anosdeexperiencia") }
            seniority = find { $0 == "seniority" }
            languages = find { $0.hasPrefix("lenguajesdeprogramacion") }
            frameworks = find { $0.hasPrefix("frameworks") }
            databases = find { $0 == "basesdedatos" }
            modality = find { $0 == "modalidaddetrabajo" }
        }
    }

    /// The wave's rate: the median of the rates its respondents report for their dollarised pay
    /// (from 2022.1, when the survey began to ask; the full wave's when the file holds too few),
    /// else BCRA's official rate for the early waves.
    static func waveRate(wave: Wave, reportedRates: [Double]) -> WaveRate? {
        if reportedRates.count >= minimumReportedRates, let median = Descriptive.median(reportedRates) {
            return WaveRate(
                pesosPerDollar: median,
                rule:
                    "ARS at \(ReportFormat.quotedAmount(median)) per USD, the median of the dollar rates \(reportedRates.count) respondents of sysarmy \(wave) report for their dollarised pay"
            )
        }
        if let published = publishedWaveRates[wave] {
            return WaveRate(
                pesosPerDollar: published.pesosPerDollar,
                rule:
                    "ARS at \(ReportFormat.quotedAmount(published.pesosPerDollar)) per USD, the median of the dollar rates \(published.respondents) respondents of the full sysarmy \(wave) report for their dollarised pay"
            )
        }
        if let official = officialRates[wave] {
            return WaveRate(
                pesosPerDollar: official,
                rule:
                    "ARS at \(ReportFormat.quotedAmount(official)) per USD, BCRA's official reference rate (Comunicación A 3500) over sysarmy \(wave)'s survey months"
            )
        }
        return nil
    }

    /// A peso amount as Argentines write it: "1.250.000", "476.416,00", "ARS 260.000", "AR$580000",
    /// "98000 ARS", "800.000 pesos", as well as plain "1250000". A point before exactly three digits
    /// groups thousands; a comma is the decimal mark. Anything else (a dollar amount, words) is `nil`.
    static func parsePesos(_ text: String) -> Double? {
        var cleaned = text.lowercased().filter { !$0.isWhitespace }
        for affix in ["ars$", "ar$", "ars", "ar", "$"] where cleaned.hasPrefix(affix) { cleaned.removeFirst(affix.count) }
        for affix in ["pesos", "ars"] where cleaned.hasSuffix(affix) { cleaned.removeLast(affix.count) }
        guard !cleaned.isEmpty, cleaned.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "," }) else { return nil }
        let parts = cleaned.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            // "1,250,000": commas grouping thousands, English style.
            let groups = cleaned.split(separator: ",", omittingEmptySubsequences: false)
            guard groups.dropFirst().allSatisfy({ $0.count == 3 }), !cleaned.contains(".") else { return nil }
            return Double(groups.joined())
        }
        var whole = String(parts[0])
        let groups = whole.split(separator: ".", omittingEmptySubsequences: false)
        if groups.count > 1, groups.dropFirst().allSatisfy({ $0.count == 3 }), (1...3).contains(groups[0].count) {
            whole = groups.joined()
        }
        let decimals = parts.count == 2 ? String(parts[1]) : ""
        guard decimals.count <= 2 else {
            // "1,250": one comma before three digits groups thousands.
            guard decimals.count == 3, !whole.contains(".") else { return nil }
            return Double(whole + decimals)
        }
        guard let value = Double(decimals.isEmpty ? whole : "\(whole).\(decimals)"), value.isFinite else { return nil }
        return value
    }

    /// A dollar rate as respondents type it: "1100", "1.100" (a thousands point), "1.100,50",
    /// "$ 350". `nil` for anything that is not a rate ("no", "-").
    static func parseRate(_ text: String) -> Double? {
        var cleaned = text.replacingOccurrences(of: "$", with: "").replacingOccurrences(of: " ", with: "")
        if cleaned.contains(",") {
            cleaned = cleaned.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else if let dot = cleaned.firstIndex(of: "."), cleaned.distance(from: dot, to: cleaned.endIndex) == 4,
            cleaned.filter({ $0 == "." }).count == 1
        {
            // "1.100": three digits after a single point are thousands, as Argentines write them.
            cleaned.remove(at: dot)
        }
        guard let value = Double(cleaned), value.isFinite, (1...100_000).contains(value) else { return nil }
        return value
    }

    /// Reads the rates a wave's respondents report for their dollarised pay (a first pass over the
    /// file, before its rows are converted).
    static func reportedRates(reader: CSVReader, rateColumn: Int) throws -> [Double] {
        var rates: [Double] = []
        while let record = try reader.next() {
            guard rateColumn < record.count else { continue }
            if let rate = parseRate(record.field(rateColumn)) { rates.append(rate) }
        }
        return rates
    }

    func convert(_ row: Row) -> ImportItem {
        guard let grossText = row[at: columns.gross] else {
            return reject(row, columns.gross, .missingPay, "no monthly gross pay given")
        }
        guard let gross = Self.parsePesos(grossText) else {
            return reject(
                row,
                columns.gross,
                .invalidAmount,
                "'\(InputQuote.make(grossText))' is not a number of pesos (amounts with 'usd', 'k' or 'mil' are not guessed at)"
            )
        }
        guard gross > 0 else { return reject(row, columns.gross, .invalidAmount, "a monthly gross of 0 is no pay") }
        let contractText = row[at: columns.contract]
        let contract = contractText.map(TextKey.make) ?? ""
        let dedication = columns.dedication.flatMap { row[at: $0] }.map(TextKey.make)
        let payments = columns.dollarPayments.flatMap { row[at: $0] }.map(TextKey.make) ?? ""
        let employment: EmploymentType
        if contract.hasPrefix("parttime") || dedication == "parttime" {
            // Part-time income under any contract is not a full-time rate; the fit leaves it out.
            employment = .employeePartTime
        } else if contract.hasPrefix("fulltime") || contract.hasPrefix("staff") {
            employment = .employeeFullTime
        } else if contract.hasPrefix("tercerizado") {
            // Placed through a consultancy: the developer's pay from it, not the consultancy's price.
            employment = .agency
        } else if contract.hasPrefix("freelance") || contract.hasPrefix("contractor") || contract.hasPrefix("remoto") {
            employment = .freelancer
        } else if contract.hasPrefix("participacionsocietaria") {
            employment = .selfEmployed
        } else {
            return reject(
                row,
                columns.contract,
                .unknownEmployment,
                "'\(InputQuote.make(contractText ?? ""))' is not one of the survey's contract types (Staff, Contractor, Freelance, Tercerizado…)"
            )
        }
        // "Remoto (empresa de otro país)" until 2023.1; from 2023.2 sysarmy calls the same answer
        // "Contractor", which is abroad when the pay comes in dollars.
        let paidInDollars = payments.hasPrefix("cobrotodoelsalarioendolares") || payments.hasPrefix("cobroendolares")
        let abroad = contract.hasPrefix("remoto") || (contract.hasPrefix("contractor") && paidInDollars)

        let ownRate = columns.dollarRate.flatMap { row[at: $0] }.flatMap(Self.parseRate).flatMap { rate in
            // A rate far from the wave's is a typo or another currency, not the rate of this pay.
            (waveRate.pesosPerDollar / 2...waveRate.pesosPerDollar * 2).contains(rate) ? rate : nil
        }
        let pesosPerDollar = ownRate ?? waveRate.pesosPerDollar
        let rule =
            ownRate.map { "ARS at \(ReportFormat.quotedAmount($0)) per USD, the rate the respondent reports for their dollarised pay" }
            ?? waveRate.rule
        if gross / pesosPerDollar < Self.smallestMonthlyUSD {
            return reject(
                row,
                columns.gross,
                .invalidAmount,
                "\(grossText) ARS a month is \(ReportFormat.quotedAmount(gross / pesosPerDollar)) USD at \(ReportFormat.quotedAmount(pesosPerDollar)) per USD, "
                    + "below any full-time pay in Argentina: a figure in thousands of pesos or in dollars, so it is not used"
            )
        }
        let date = wave.surveyDate
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.normalise(
                amount: gross,
                currency: CurrencyCode("ARS")!,
                period: .month,
                basis: .gross,
                on: date,
                sourceAnnualUSD: gross * 12 / pesosPerDollar,
                line: row.line,
                amountField: columns.field(columns.gross),
                currencyField: columns.field(columns.gross)
            )
        } catch { return .rejected(error) }

        var experience = ExperienceText.parse(columns.experience.flatMap { row[at: $0] }.map { $0.replacingOccurrences(of: ",", with: ".") })
        if let seniority = columns.seniority.flatMap({ row[at: $0] }) {
            experience.statedLevel = Self.level(seniority)
        }
        let languages = columns.languages.flatMap { row[at: $0] }
        let skills = resolvers.skills(
            [languages, columns.frameworks.flatMap { row[at: $0] }, columns.databases.flatMap { row[at: $0] }],
            separator: ","
        )
        let roleText = columns.role.flatMap { row[at: $0] }
        let province = row[at: columns.province]
        let city = province.flatMap { TextKey.make($0) == "ciudadautonomadebuenosaires" ? resolvers.city("Buenos Aires") : nil }
        let remote = columns.modality.flatMap { row[at: $0] }.flatMap(Self.remoteWork)
        return .observation(
            Observation(
                recordKey: "\(dataset)-\(wave):line-\(row.line)",
                line: row.line,
                observedOn: date,
                reported: pay.reported,
                normalised: pay.normalised,
                location: Location(country: Self.argentina, subdivision: province, city: city?.name, cityKey: city?.key),
                experience: experience,
                skills: skills,
                role: Self.role(roleText, languages: skills.map(\.name), resolvers: resolvers),
                employment: employment,
                quality: pay.quality,
                qualityRule: pay.quality == .ok ? rule : pay.qualityRule,
                business: abroad ? .abroad : .country(Self.argentina),
                remoteWork: remote
            )
        )
    }

    private func reject(_ row: Row, _ column: Int, _ reason: RejectReason, _ message: String) -> ImportItem {
        .rejected(RowIssue(line: row.line, field: columns.field(column), value: row.raw(at: column), reason: reason, message: message))
    }

    /// sysarmy's seniority (2024 on): Junior, Semi-Senior, Senior. The publisher derives it from the
    /// years (Junior under 3, Semi-Senior 3–5, Senior 6 and more), so the model finds nothing in it
    /// beyond them (`StatedLevelMix.isInformative`); it is kept as the source states it.
    static func level(_ text: String) -> ExperienceLevel? {
        switch TextKey.make(text) {
        case "junior": .entry
        case "semisenior": .mid
        case "senior": .senior
        default: nil
        }
    }

    /// "100% remoto", "Híbrido (presencial y remoto)", "100% presencial".
    static func remoteWork(_ text: String) -> RemoteWork? {
        let key = TextKey.make(text)
        if key.hasPrefix("hibrido") { return .hybrid }
        if key.hasSuffix("remoto") { return .remote }
        if key.hasSuffix("presencial") { return .inPerson }
        return nil
    }

    /// The role from "Trabajo de"; a developer, technical leader or architect takes the role its
    /// languages suggest, as DOU's and colombia-dev's generic titles do.
    static func role(_ title: String?, languages: [String], resolvers: CachedResolvers) -> Role {
        guard let title else { return .other }
        let fromTitle = resolvers.role(title)
        if fromTitle != .other { return fromTitle }
        let developer = ["developer", "technicalleader", "architect", "softwareengineer", "programador", "desarrollador"].contains(
            TextKey.make(title)
        )
        guard developer else { return .other }
        let server: Set<String> = ["Java", "C#", "PHP", "Python", "Ruby", "Go", "Scala", "Node.js", "Kotlin", "Elixir", "Rust", "C++", ".NET"]
        let mobile: Set<String> = ["Swift", "Objective-C", "Dart"]
        if languages.contains(where: server.contains) { return .backend }
        if languages.contains(where: mobile.contains) { return .mobile }
        if languages.contains(where: { ["JavaScript", "TypeScript", "HTML/CSS", "React", "Angular", "Vue.js"].contains($0) }) { return .frontend }
        return .other
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
