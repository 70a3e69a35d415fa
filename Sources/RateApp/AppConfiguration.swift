import Configuration
import Foundation
import RateCore
import RateImport

/// Settings of one RateCard process. Resolved once: flags first, then environment, then defaults.
public struct AppConfiguration: Sendable {
    /// `:memory:`, a file path, or `sqlite:PATH`.
    public var databaseLocation: String
    /// Whether `databaseLocation` is RateCard's own default, whose directory is created on first
    /// use; a location the user gave must name an existing directory.
    public var isDefaultDatabaseLocation = false
    public var workingTime: WorkingTime
    public var outlierPolicy: OutlierPolicy
    public var levelBoundaries: LevelBoundaries
    /// A user's employer-cost table replacing the bundled one.
    public var employerCostsPath: String?
    /// A market-rate model (`ratecard market fit`) replacing the bundled `market-rates.json`.
    public var marketRatesPath: String?
    /// Bounds on one input file (record length, inflated size).
    public var inputLimits: InputLimits = .standard

    public init(
        databaseLocation: String,
        workingTime: WorkingTime = .standard,
        outlierPolicy: OutlierPolicy = .standard,
        levelBoundaries: LevelBoundaries = .standard
    ) {
        self.databaseLocation = databaseLocation
        self.workingTime = workingTime
        self.outlierPolicy = outlierPolicy
        self.levelBoundaries = levelBoundaries
    }

    /// Resolves the configuration: an explicit `--database` wins, then `RATECARD_DATABASE`, then
    /// `$XDG_DATA_HOME/ratecard/ratecard.sqlite` (`~/.local/share/...` when XDG_DATA_HOME is unset).
    public static func resolve(databaseFlag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> AppConfiguration {
        // swift-configuration maps the key "ratecard.database" to the variable RATECARD_DATABASE.
        let reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment))
        let fromEnvironment = reader.string(forKey: "ratecard.database")
        let location = databaseFlag ?? fromEnvironment ?? defaultDatabasePath(environment: environment)
        var configuration = AppConfiguration(databaseLocation: location)
        configuration.isDefaultDatabaseLocation = databaseFlag == nil && fromEnvironment == nil
        configuration.employerCostsPath = reader.string(forKey: "ratecard.employer_costs")
        configuration.marketRatesPath = reader.string(forKey: "ratecard.market_rates")
        if let hours = reader.double(forKey: "ratecard.hours_per_year"), hours > 0 {
            configuration.workingTime.hoursPerYear = hours
        }
        if let bytes = reader.int(forKey: "ratecard.import.maximum_record_bytes"), bytes > 0 {
            configuration.inputLimits.maximumRecordBytes = bytes
        }
        if let bytes = reader.int(forKey: "ratecard.import.maximum_decompressed_bytes"), bytes > 0 {
            configuration.inputLimits.maximumDecompressedBytes = bytes
        }
        return configuration
    }

    static func defaultDatabasePath(environment: [String: String]) -> String {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = xdg
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        }
        return base + "/ratecard/ratecard.sqlite"
    }
}
