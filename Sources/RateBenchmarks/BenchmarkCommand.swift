import ArgumentParser
import Foundation
import RateApp
import RateCLI
import RateCore
import Synchronization

/// `ratecard-bench`: measurements behind the performance figures (docs/performance.md). A tool of its own, so
/// the product's `ratecard` carries no benchmarks (as Hummingbird keeps its benchmarks out of the
/// library); bench/*.sh build and run it.
@main
struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratecard-bench",
        abstract: "Measure estimate latency, or export the training rows for peer benchmarks.",
        subcommands: [Latency.self, TrainingRows.self, Percentiles.self]
    )

    struct Percentiles: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "percentiles",
            abstract: "The regions × experience percentile table over raw columns (region.u8, level.u8, hourly.f64 in DIR)."
        )
        @Option(help: "Folder with region.u8, level.u8 and hourly.f64 (little-endian), as written by bench/percentiles.py.") var input: String
        @Option(help: "Threads to aggregate with.") var threads = 2
        @Flag(help: "Print the table as CSV after the timing line.") var table = false

        func run() throws {
            let clock = ContinuousClock()
            let loadStart = clock.now
            let regions = [UInt8](try Data(contentsOf: URL(fileURLWithPath: input + "/region.u8")))
            let levels = [UInt8](try Data(contentsOf: URL(fileURLWithPath: input + "/level.u8")))
            let hourlyData = try Data(contentsOf: URL(fileURLWithPath: input + "/hourly.f64"))
            let rows = regions.count
            guard levels.count == rows, hourlyData.count == rows * 8 else { throw UserError("the three columns in \(input) have different lengths") }
            let hourly = hourlyData.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
            let loaded = loadStart.duration(to: clock.now)
            let started = clock.now
            let parts = max(1, threads)
            let chunk = (rows + parts - 1) / parts
            let partials = PartialTables(count: parts)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var table = RegionExperiencePercentiles()
                for index in (part * chunk)..<min(rows, (part + 1) * chunk) {
                    table.add(region: Int(regions[index]), level: Int(levels[index]), hourly: hourly[index])
                }
                partials.set(part, table)
            }
            let tables = partials.tables.withLock { $0 }
            var total = tables[0]!
            for part in 1..<parts { total.merge(tables[part]!) }
            let result = total.rows()
            let elapsed = started.duration(to: clock.now)
            func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
            print(
                "ratecard percentiles: \(rows) rows, \(result.count) groups; aggregate \(ReportFormat.plain(seconds(elapsed), decimals: 3)) s "
                    + "(\(ReportFormat.plain(Double(rows) / seconds(elapsed))) rows/s), load \(ReportFormat.plain(seconds(loaded), decimals: 3)) s; "
                    + "sketch memory \(total.memoryBytes / 1024) KiB"
            )
            if table {
                print("region,level,count,p10,p25,p50,p75,p90")
                for row in result {
                    print("\(row.region.rawValue),\(row.level.rawValue),\(Int(row.count)),\(row.quantiles.map { String($0) }.joined(separator: ","))")
                }
            }
        }
    }

    /// One table per thread, written once each from `concurrentPerform`.
    final class PartialTables: Sendable {
        let tables: Mutex<[RegionExperiencePercentiles?]>
        init(count: Int) { tables = Mutex(Array(repeating: nil, count: count)) }
        func set(_ index: Int, _ table: RegionExperiencePercentiles) { tables.withLock { $0[index] = table } }
    }

    struct Latency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "estimate",
            abstract: "In-process estimate latency (p50, p99) over varied profiles."
        )
        @Option(help: "Estimates to time.") var iterations = 200_000
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let app = try await store.buildApp()
            try await app.ensureData(progress: Console.note)
            let (estimator, _) = try await app.models.current(note: Console.note)
            let today = app.models.today
            let countries = ["US", "DE", "PL", "UA", "IN", "BR", "GB", "MT", "NG", "AU"]
            let skillSets = [[], ["Go", "PostgreSQL"], ["Java"], ["Python", "AWS", "Docker"], ["Elixir"]]
            var profiles: [Profile] = []
            for (index, country) in countries.enumerated() {
                for (skillIndex, skills) in skillSets.enumerated() {
                    profiles.append(
                        Profile(
                            country: CountryCode(country)!,
                            city: index % 3 == 0 ? "Kyiv" : nil,
                            years: Double((index + skillIndex) % 15),
                            skills: skills,
                            hire: HireType.allCases[(index + skillIndex) % 3],
                            asOf: today
                        )
                    )
                }
            }
            for profile in profiles { _ = try estimator.estimate(profile) }
            var nanoseconds: [Int64] = []
            nanoseconds.reserveCapacity(iterations)
            let clock = ContinuousClock()
            let started = clock.now
            for iteration in 0..<iterations {
                let profile = profiles[iteration % profiles.count]
                let before = clock.now
                let estimate = try estimator.estimate(profile)
                let elapsed = before.duration(to: clock.now)
                precondition(estimate.hourly.p50 > 0)
                nanoseconds.append(elapsed.components.attoseconds / 1_000_000_000 + elapsed.components.seconds * 1_000_000_000)
            }
            let total = started.duration(to: clock.now)
            nanoseconds.sort()
            func percentile(_ p: Double) -> Double { Double(nanoseconds[min(nanoseconds.count - 1, Int(Double(nanoseconds.count) * p))]) / 1000 }
            let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
            print(
                "estimate latency over \(iterations) calls (\(profiles.count) profiles): p50 \(ReportFormat.plain(percentile(0.5), decimals: 1)) µs, "
                    + "p99 \(ReportFormat.plain(percentile(0.99), decimals: 1)) µs, max \(ReportFormat.plain(percentile(1), decimals: 1)) µs; "
                    + "\(ReportFormat.plain(Double(iterations) / seconds)) estimates/s"
            )
        }
    }

    struct TrainingRows: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "training-rows",
            abstract: "Write the rows the model fits (log pay, country, years, skills) as CSV."
        )
        @Argument(help: "Output file.") var output: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let app = try await store.buildApp()
            try await app.ensureData(progress: Console.note)
            let data = try await app.models.trainingData()
            var text = "log_hourly,country,years,skills\n"
            for observation in data.observations {
                guard let years = observation.experience.representativeYears, observation.normalised.hourlyUSD.minorUnits > 0,
                    observation.employment != .employeePartTime
                else { continue }
                let skills = observation.skills.map(\.name).joined(separator: "|").replacingOccurrences(of: ",", with: " ").replacingOccurrences(
                    of: "\"",
                    with: ""
                )
                text += "\(log(observation.normalised.hourlyUSD.amount)),\(observation.location.country.alpha2),\(years),\(skills)\n"
            }
            try text.write(toFile: output, atomically: true, encoding: .utf8)
            print("wrote \(output)")
        }
    }
}
