/// The period a reported pay figure covers.
public enum PayPeriod: String, Sendable, Codable, CaseIterable, Hashable {
    case hour, day, week, month, year

    /// Accepts the spellings found in the sources: "Yearly", "annual", "per month", "hourly", "h"...
    public init?(parsing text: String) {
        switch TextKey.make(text) {
        case "hour", "hourly", "h", "hr", "perhour", "hours": self = .hour
        case "day", "daily", "d", "perday", "days": self = .day
        case "week", "weekly", "w", "perweek", "weeks": self = .week
        case "month", "monthly", "m", "mo", "permonth", "months": self = .month
        case "year", "yearly", "annual", "annually", "y", "yr", "peryear", "perannum", "years": self = .year
        default: return nil
        }
    }
}

/// Whether a reported figure is before (gross) or after (net) income tax and employee contributions.
/// Kept exactly as the source reports it: RateCard never guesses a tax rate to turn one into the other.
public enum PayBasis: String, Sendable, Codable, CaseIterable, Hashable {
    case gross, net
}

/// The working-time assumptions used to move pay between periods. Every figure is a setting.
public struct WorkingTime: Sendable, Hashable, Codable {
    /// Paid hours in an employee year; 2,080 (52 × 40) as BLS uses.
    public var hoursPerYear: Double
    /// Hours in a working day, for daily rates.
    public var hoursPerDay: Double
    /// Working days in a week.
    public var daysPerWeek: Double

    public init(hoursPerYear: Double = 2080, hoursPerDay: Double = 8, daysPerWeek: Double = 5) {
        self.hoursPerYear = hoursPerYear
        self.hoursPerDay = hoursPerDay
        self.daysPerWeek = daysPerWeek
    }

    public static let standard = WorkingTime()

    /// How many of `period` make up one year under these assumptions.
    public func periodsPerYear(_ period: PayPeriod) -> Double {
        switch period {
        case .hour: return hoursPerYear
        case .day: return hoursPerYear / hoursPerDay
        case .week: return hoursPerYear / (hoursPerDay * daysPerWeek)
        case .month: return 12
        case .year: return 1
        }
    }

    /// Converts an amount paid per `from` into the amount per `to`.
    public func convert(_ amount: Double, from: PayPeriod, to: PayPeriod) -> Double {
        amount * periodsPerYear(from) / periodsPerYear(to)
    }
}
