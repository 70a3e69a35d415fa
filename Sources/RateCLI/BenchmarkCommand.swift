import ArgumentParser
import Foundation
import RateApp
import RateCore

/// `ratecard benchmark`: measurements behind the README's performance figures.
struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark", abstract: "Measure estimate latency, or export the training rows for peer benchmarks.",
        subcommands: [Latency.self, TrainingRows.self])

    struct Latency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "estimate", abstract: "In-process estimate latency (p50, p99) over varied profiles.")
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
                    profiles.append(Profile(country: CountryCode(country)!, city: index % 3 == 0 ? "Kyiv" : nil, years: Double((index + skillIndex) % 15),
                                            skills: skills, hire: HireType.allCases[(index + skillIndex) % 3], asOf: today))
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
            print(String(format: "estimate latency over %d calls (%d profiles): p50 %.1f µs, p99 %.1f µs, max %.1f µs; %.0f estimates/s",
                         iterations, profiles.count, percentile(0.5), percentile(0.99), percentile(1), Double(iterations) / seconds))
        }
    }

    struct TrainingRows: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "training-rows", abstract: "Write the rows the model fits (log pay, country, years, skills) as CSV.")
        @Argument(help: "Output file.") var output: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let app = try await store.buildApp()
            try await app.ensureData(progress: Console.note)
            let data = try await app.models.trainingData()
            var text = "log_hourly,country,years,skills\n"
            for observation in data.observations {
                guard let years = observation.experience.representativeYears, observation.normalised.hourlyUSD.minorUnits > 0,
                      observation.employment != .employeePartTime else { continue }
                let skills = observation.skills.map(\.name).joined(separator: "|").replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "\"", with: "")
                text += "\(log(observation.normalised.hourlyUSD.amount)),\(observation.location.country.alpha2),\(years),\(skills)\n"
            }
            try text.write(toFile: output, atomically: true, encoding: .utf8)
            print("wrote \(output)")
        }
    }
}
