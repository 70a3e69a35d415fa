import Foundation

/// A self-reported rate as submitted through the API or the Submit page, every field as text.
public struct SelfReportInput: Sendable, Hashable, Codable {
    public var country: String?
    public var city: String?
    public var years: String?
    public var skills: [String]
    public var role: String?
    public var employment: String?
    public var amount: String?
    public var currency: String?
    public var period: String?

    public init(
        country: String? = nil,
        city: String? = nil,
        years: String? = nil,
        skills: [String] = [],
        role: String? = nil,
        employment: String? = nil,
        amount: String? = nil,
        currency: String? = nil,
        period: String? = nil
    ) {
        self.country = country
        self.city = city
        self.years = years
        self.skills = skills
        self.role = role
        self.employment = employment
        self.amount = amount
        self.currency = currency
        self.period = period
    }

    /// Validates every field and normalises the pay as an import would. The result has no record
    /// key and no source yet; it becomes data only when a moderator approves it.
    public func resolve(normaliser: PayNormaliser, today: CalendarDate) throws(ProfileError) -> Observation {
        let tables = normaliser.tables
        let profile = try ProfileInput(
            country: country,
            city: city,
            years: years,
            skills: skills,
            role: role,
            employment: employment,
            currency: currency
        ).resolve(tables: tables, today: today)
        guard let years = profile.years else {
            throw ProfileError(field: "years", value: "", message: "give years of experience (0–60)")
        }
        guard let amountText = amount?.trimmed, !amountText.isEmpty else {
            throw ProfileError(field: "amount", value: "", message: "give the pay as a number, e.g. 5200")
        }
        guard let value = DecimalText.parse(amountText.replacingOccurrences(of: ",", with: "")), value > 0 else {
            throw ProfileError(field: "amount", value: amountText, message: "'\(amountText)' is not a positive amount")
        }
        guard let currencyText = currency?.trimmed, !currencyText.isEmpty else {
            throw ProfileError(field: "currency", value: "", message: "give the currency of the amount (ISO 4217, e.g. EUR)")
        }
        guard let periodText = period?.trimmed, let payPeriod = PayPeriod(parsing: periodText) else {
            throw ProfileError(field: "period", value: period ?? "", message: "give the period the amount is for: hour, day, week, month or year")
        }
        let result: PayNormaliser.Result
        do {
            result = try normaliser.normalise(
                amount: value,
                currency: profile.currency,
                period: payPeriod,
                basis: .gross,
                on: today,
                line: 1,
                amountField: "amount",
                currencyField: "currency"
            )
        } catch {
            throw ProfileError(field: error.field, value: error.value, message: error.message)
        }
        if result.quality.isOutlier {
            throw ProfileError(
                field: "amount",
                value: amountText,
                message:
                    "\(amountText) \(currencyText) per \(payPeriod.rawValue) is outside what RateCard accepts (\(result.qualityRule ?? "outlier")); check the amount and period"
            )
        }
        let employment: EmploymentType =
            switch profile.hire {
            case .employee: .employeeFullTime
            case .freelancer: .freelancer
            case .agency: .agency
            }
        return Observation(
            recordKey: nil,
            line: 1,
            observedOn: today,
            reported: result.reported,
            normalised: result.normalised,
            location: Location(
                country: profile.country,
                city: profile.city.flatMap(tables.cities.normalise),
                cityKey: profile.city.flatMap(tables.cities.key(for:))
            ),
            experience: Experience(years: years),
            skills: tables.skills.resolve(all: profile.skills),
            role: profile.role,
            employment: employment,
            weight: 1,
            quality: result.quality,
            qualityRule: result.qualityRule
        )
    }
}
