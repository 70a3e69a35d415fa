/// How the business engages the developer.
public enum HireType: String, Sendable, Codable, CaseIterable, Hashable {
    case employee, freelancer, agency

    public init?(parsing text: String) {
        switch TextKey.make(text) {
        case "employee", "employed", "inhouse", "fulltime", "": self = .employee
        case "freelancer", "freelance", "contractor": self = .freelancer
        case "agency", "outsourcing", "vendor": self = .agency
        default: return nil
        }
    }
}

/// Who is being priced: the question an estimate answers.
public struct Profile: Sendable, Codable, Hashable {
    public var country: CountryCode
    public var city: String?
    public var businessCountry: CountryCode?
    public var years: Double?
    public var level: ExperienceLevel?
    public var skills: [String]
    public var role: Role
    public var hire: HireType
    public var currency: CurrencyCode
    public var asOf: CalendarDate

    public init(
        country: CountryCode,
        city: String? = nil,
        businessCountry: CountryCode? = nil,
        years: Double? = nil,
        level: ExperienceLevel? = nil,
        skills: [String] = [],
        role: Role = .backend,
        hire: HireType = .employee,
        currency: CurrencyCode = .usd,
        asOf: CalendarDate
    ) {
        self.country = country
        self.city = city
        self.businessCountry = businessCountry
        self.years = years
        self.level = level
        self.skills = skills
        self.role = role
        self.hire = hire
        self.currency = currency
        self.asOf = asOf
    }
}

/// A profile field that cannot be used, named so the user can fix it.
public struct ProfileError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var field: String
    public var value: String
    public var message: String

    public init(field: String, value: String, message: String) {
        self.field = field
        // What was sent, but never all of it: a value can be a megabyte of NULs.
        self.value = InputQuote.make(value, limit: 200)
        self.message = InputQuote.bounding(message, quoting: value)
    }

    public var description: String { "\(field): \(message)" }
}

/// A profile as typed by a user (CLI flags, a batch row, query parameters): text to be validated.
public struct ProfileInput: Sendable, Hashable, Codable {
    /// The one skill-list rule of every input (flags, query strings, forms, batch files): skills
    /// are separated by commas or semicolons ("Go,PostgreSQL", "Go;PostgreSQL"), blanks dropped.
    public static func skillList<Text: StringProtocol>(_ text: Text?) -> [String] {
        guard let text else { return [] }
        // `String.trimmed` checks the ends' bytes first: Foundation's trimming bridged every skill of
        // every request through NSString, a twentieth of the estimate route's time.
        return text.split(whereSeparator: { $0 == "," || $0 == ";" }).map { String($0).trimmed }.filter { !$0.isEmpty }
    }

    public var country: String?
    public var city: String?
    public var businessCountry: String?
    public var years: String?
    public var level: String?
    public var skills: [String]
    public var role: String?
    public var employment: String?
    public var currency: String?
    public var asOf: String?

    public init(
        country: String? = nil,
        city: String? = nil,
        businessCountry: String? = nil,
        years: String? = nil,
        level: String? = nil,
        skills: [String] = [],
        role: String? = nil,
        employment: String? = nil,
        currency: String? = nil,
        asOf: String? = nil
    ) {
        self.country = country
        self.city = city
        self.businessCountry = businessCountry
        self.years = years
        self.level = level
        self.skills = skills
        self.role = role
        self.employment = employment
        self.currency = currency
        self.asOf = asOf
    }

    /// Validates every field against the reference tables. `today` is the default as-of date.
    public func resolve(tables: ReferenceTables, today: CalendarDate) throws(ProfileError) -> Profile {
        func blank(_ text: String?) -> String? { Self.nonBlank(text) }
        guard let countryText = blank(country) else {
            throw ProfileError(field: "country", value: "", message: "a country is required (ISO code or name, e.g. PL, POL or Poland)")
        }
        guard let resolvedCountry = tables.countries.resolve(countryText) else {
            throw ProfileError(
                field: "country",
                value: countryText,
                message: "'\(InputQuote.make(countryText))' is not a country RateCard knows; use an ISO 3166 code or an English name"
            )
        }
        var business: CountryCode?
        if let text = blank(businessCountry) {
            guard let resolved = tables.countries.resolve(text) else {
                throw ProfileError(field: "business_country", value: text, message: "'\(InputQuote.make(text))' is not a country RateCard knows")
            }
            business = resolved.code
        }
        var resolvedYears: Double?
        if let text = blank(years) {
            guard let value = DecimalText.parse(text) else {
                throw ProfileError(field: "years", value: text, message: "'\(InputQuote.make(text))' is not a number of years")
            }
            guard value >= 0 else { throw ProfileError(field: "years", value: text, message: "years of experience cannot be negative") }
            guard value <= 60 else {
                throw ProfileError(field: "years", value: text, message: "\(text) years is beyond a working life; give 0–60")
            }
            resolvedYears = value
        }
        var resolvedLevel: ExperienceLevel?
        if let text = blank(level) {
            guard let value = ExperienceLevel(parsing: text) else {
                throw ProfileError(field: "level", value: text, message: "'\(InputQuote.make(text))' is not a level; use entry, mid, senior or lead")
            }
            resolvedLevel = value
        }
        if resolvedYears == nil && resolvedLevel == nil {
            throw ProfileError(field: "years", value: "", message: "give years of experience or a level (entry, mid, senior, lead)")
        }
        var resolvedRole = Role.backend
        if let text = blank(role) {
            guard let value = Role(parsing: text) else {
                throw ProfileError(
                    field: "role",
                    value: text,
                    message: "'\(InputQuote.make(text))' is not a role; use \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            resolvedRole = value
        }
        var hire = HireType.employee
        if let text = blank(employment) {
            guard let value = HireType(parsing: text) else {
                throw ProfileError(field: "employment", value: text, message: "'\(InputQuote.make(text))' is not employee, freelancer or agency")
            }
            hire = value
        }
        var resolvedCurrency = CurrencyCode.usd
        if let text = blank(currency) {
            guard let code = CurrencyCode(text), tables.exchangeRates.knows(code) else {
                throw ProfileError(
                    field: "currency",
                    value: text,
                    message: "'\(InputQuote.make(text))' is not a currency with ECB reference rates (e.g. USD, EUR, GBP, PLN, INR, BRL)"
                )
            }
            resolvedCurrency = code
        }
        var date = today
        if let text = blank(asOf) {
            guard let parsed = CalendarDate(strict: text) else {
                throw ProfileError(field: "as_of", value: text, message: "'\(InputQuote.make(text))' is not a date in YYYY-MM-DD form")
            }
            guard parsed.year >= 2000 && parsed.year <= today.year + 5 else {
                throw ProfileError(field: "as_of", value: text, message: "\(text) is outside 2000 to \(today.year + 5)")
            }
            date = parsed
        }
        let cleanedSkills = skills.map(\.trimmed).filter { !$0.isEmpty }
        return Profile(
            country: resolvedCountry.code,
            city: blank(city),
            businessCountry: business,
            years: resolvedYears,
            level: resolvedLevel,
            skills: cleanedSkills,
            role: resolvedRole,
            hire: hire,
            currency: resolvedCurrency,
            asOf: date
        )
    }
}

extension ProfileInput {
    /// Years of experience from a front end that still accepts the field's former name,
    /// `years_experience` (the batch CSV and the API's JSON bodies, so files and clients written
    /// before keep working). Both given and different is an error, not a silent pick.
    public static func years(_ years: String?, formerName: String?) throws(ProfileError) -> String? {
        let current = nonBlank(years)
        let former = nonBlank(formerName)
        if let current, let former, current != former {
            throw ProfileError(
                field: "years",
                value: former,
                message:
                    "years '\(InputQuote.make(current))' and years_experience '\(InputQuote.make(former))' (its former name) disagree; give years only"
            )
        }
        return current ?? former
    }

    /// A field as given, trimmed; `nil` when absent or blank (a blank field means "not given").
    static func nonBlank(_ text: String?) -> String? {
        guard let text = text?.trimmed, !text.isEmpty else { return nil }
        return text
    }
}
