import ArgumentParser
import Foundation
import RateApp
import RateCore
import RateImport

/// `ratecard market fit|show`: agency and freelance-marketplace rates from published prices.
struct MarketCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "market",
        abstract: "Fit agency and marketplace rates from listings, or show the rates in use.",
        discussion:
            "Agency answers (--employment agency) and the marketplace figure beside freelancer answers come from a market-rate model. RateCard ships one fitted from Clutch and GoodFirms listings and Freelancer.com profiles (market-rates.json); `market fit` makes one from your files, and RATECARD_MARKET_RATES=FILE puts it in use.",
        subcommands: [Fit.self, Show.self, Offers.self]
    )

    struct Offers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Derive what B2B contracts cost against employment contracts from job offers that quote both (justjoin.it).",
            discussion:
                "RateCard ships the result for Poland (contract-offers.json), derived from justjoin.it's offers of August 2021, whose raw rows carry no licence to ship. Imported offers (`ratecard import`) replace it in the model."
        )
        @Argument(help: "Job-offer files (justjoin.it), CSV or .csv.gz, named with their month (…_2021_08.csv).") var files: [String]
        @Option(help: "Where to write the evidence (JSON).") var output: String?

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one job-offer file") }
        }

        func run() async throws {
            let configuration = AppConfiguration.resolve(databaseFlag: nil)
            let tables = try ReferenceLoader.bundled(marketRatesPath: configuration.marketRatesPath)
            let context = ImportContext(normaliser: PayNormaliser(tables: tables, workingTime: configuration.workingTime))
            var ranges: [AdvertisedRange] = []
            for file in files {
                let reader = try SourceReader(path: file, format: nil, mapping: nil, context: context, limits: configuration.inputLimits)
                guard reader.format == .justjoinit else {
                    throw ValidationError("\(file): a \(reader.format.rawValue) file, not job offers; give justjoin.it offer files")
                }
                var rows = 0
                try reader.forEachItem { item in
                    rows += 1
                    if case let .offer(offer) = item { ranges += offer }
                }
                Console.note("\(file): \(ReportFormat.number(rows)) offers read, \(ReportFormat.number(ranges.count)) ranges so far")
            }
            // The export repeats some offers row for row: one offer each.
            var seen = Set<String>()
            ranges = ranges.filter { seen.insert($0.recordKey).inserted }
            let evidence = ContractOfferEvidence(ranges: ranges) { String($0.recordKey.prefix { $0 != ":" }) }
            guard !evidence.countries.isEmpty else {
                throw ValidationError("no country has \(ContractOfferEvidence.minimumOffers) offers that quote both a B2B and an employment range")
            }
            if let output {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(evidence).write(to: URL(fileURLWithPath: output))
                Console.note("wrote \(output)")
            }
            for country in evidence.countries {
                print(
                    "\(country.country): B2B \(ReportFormat.multiplier(country.medianRatio)) the employment contract's range (P25–P75 \(ReportFormat.multiplier(country.lowerQuartile))–\(ReportFormat.number(country.upperQuartile, decimals: 2))), \(ReportFormat.number(country.offers)) offers quoting both, \(country.sources.joined(separator: ", "))"
                )
            }
        }
    }

    struct Fit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fit market rates from agency listings and marketplace profiles.")
        @Argument(help: "Agency listing files (Clutch 2024, Clutch/GoodFirms directory crawls) and Freelancer.com profile files, CSV or .csv.gz.")
        var files: [String]
        @Option(help: "Where to write the fitted model (JSON).") var output: String?
        @Option(help: "The date the prices were seen (YYYY-MM-DD), when the file name (…_YYYY-MM.csv) and rows do not say.") var observedOn: String?
        @Flag(help: "List every rejected row with its line, field and reason.") var rejects = false

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one listing or profile file") }
        }

        func run() async throws {
            var date: CalendarDate?
            if let observedOn {
                guard let parsed = CalendarDate(strict: observedOn) else {
                    throw ValidationError("--observed-on '\(InputQuote.make(observedOn))' is not a date in YYYY-MM-DD form")
                }
                date = parsed
            }
            let configuration = AppConfiguration.resolve(databaseFlag: nil)
            let tables = try ReferenceLoader.bundled(marketRatesPath: configuration.marketRatesPath)
            let build = try MarketRateBuild(paths: files, tables: tables, observedOn: date, limits: configuration.inputLimits)
            for reading in build.readings {
                let superseded = build.supersededByFile[reading.path] ?? []
                let issues = reading.rejected + superseded
                let byReason = Dictionary(grouping: issues, by: \.reason).map { "\($0.key.rawValue) \($0.value.count)" }.sorted().joined(
                    separator: ", "
                )
                Console.note(
                    "\(reading.path) (\(reading.layout.rawValue), \(reading.observedOn)): \(ReportFormat.number(reading.rowsRead)) rows read, \(ReportFormat.number(build.keptQuotes(of: reading))) used, \(ReportFormat.number(issues.count)) rejected\(issues.isEmpty ? "" : " (\(byReason))")\(reading.repairedRows > 0 ? "; \(ReportFormat.number(reading.repairedRows)) rows had the team size in the rate column, moved back" : "")"
                )
                if rejects {
                    for issue in issues.sorted(by: { $0.line < $1.line }) {
                        Console.note("  line \(issue.line), \(issue.field): \(issue.reason.rawValue): \(issue.message) [\(issue.value)]")
                    }
                }
            }
            guard !build.model.channels.isEmpty else {
                throw ValidationError("no usable quote in these files: nothing was fitted")
            }
            if let output {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(build.model).write(to: URL(fileURLWithPath: output))
                Console.note("wrote \(output); use it with RATECARD_MARKET_RATES=\(output)")
            }
            print(MarketText.render(build.model))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the market rates in use (bundled, or RATECARD_MARKET_RATES).")
        @Flag(help: "Print as JSON.") var json = false

        func run() async throws {
            let configuration = AppConfiguration.resolve(databaseFlag: nil)
            let tables = try ReferenceLoader.bundled(marketRatesPath: configuration.marketRatesPath)
            print(json ? try Console.json(tables.marketRates) : MarketText.render(tables.marketRates))
        }
    }
}

enum MarketText {
    static func render(_ model: MarketRateModel) -> String {
        var lines: [String] = []
        for fit in model.channels {
            let sources = fit.sources.map { "\($0.name) (\($0.observedOn), \(ReportFormat.number($0.quotes)))" }.joined(separator: ", ")
            lines.append("\(fit.channel.description.capitalized): \(ReportFormat.number(fit.world.quotes)) quotes from \(sources).")
            func row(_ name: String, _ level: MarketLevel) -> String {
                let range = level.hourlyRange
                return
                    "  \(name.padding(toLength: 24, withPad: " ", startingAt: 0)) n=\(ReportFormat.number(level.quotes).padding(toLength: 6, withPad: " ", startingAt: 0)) P10 \(format(range.p10))  P25 \(format(range.p25))  median \(format(range.p50))  P75 \(format(range.p75))  P90 \(format(range.p90)) USD/h"
            }
            lines.append(row("world", fit.world))
            for region in fit.regions { lines.append(row(region.region.rawValue, region.level)) }
            lines.append("  Countries with \(model.minimumCountryQuotes) or more quotes (each shrunk toward its region):")
            for country in fit.countries.filter({ $0.level.quotes >= model.minimumCountryQuotes }).sorted(by: { $0.level.quotes > $1.level.quotes }) {
                lines.append("  " + row(country.country.alpha2, country.level))
            }
            if let reference = fit.referenceTeamSize {
                let sizes = fit.teamSizeMultipliers.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \(ReportFormat.multiplier($0.value))" }
                    .joined(separator: ", ")
                lines.append("  Team size (vs \(reference.rawValue) people): \(sizes)")
            }
            lines.append(
                "  Pooling: between-country SD \(ReportFormat.number(fit.countryVariance.squareRoot(), decimals: 2)), "
                    + "between-region SD \(ReportFormat.number(fit.regionVariance.squareRoot(), decimals: 2)) (log rate)"
            )
            lines.append("")
        }
        lines.append("Method: \(model.method)")
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String { ReportFormat.number(value, decimals: value < 100 ? 1 : 0) }
}
