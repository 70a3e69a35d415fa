/// How trustworthy one observation's pay figure is, and why.
public enum QualityFlag: String, Sendable, Codable, CaseIterable, Hashable {
    case ok
    case outlierLow = "outlier-low"
    case outlierHigh = "outlier-high"
    /// The value is the midpoint of a reported band ("$40,000 - $50,000"), not an exact figure.
    case banded
    /// The source capped the value (OEWS publishes "≥ $115/h" as a dash with footnote 5).
    case topCoded = "top-coded"

    public var isOutlier: Bool { self == .outlierLow || self == .outlierHigh }
}

/// Pay exactly as the source reported it.
public struct ReportedPay: Sendable, Hashable, Codable {
    public var amount: Money
    public var period: PayPeriod
    public var basis: PayBasis
    /// For banded answers, the band's bounds in the same currency and period (`high` nil when open-ended).
    public var bandLow: Money?
    public var bandHigh: Money?

    public init(amount: Money, period: PayPeriod, basis: PayBasis, bandLow: Money? = nil, bandHigh: Money? = nil) {
        self.amount = amount
        self.period = period
        self.basis = basis
        self.bandLow = bandLow
        self.bandHigh = bandHigh
    }
}

/// The parts of a total compensation a source breaks down (levels.fyi: base salary, stock grants
/// and bonus a year), in the reported currency. `ReportedPay.amount` stays the total.
public struct CompensationParts: Sendable, Hashable, Codable {
    public var base: Money?
    public var stock: Money?
    public var bonus: Money?

    public init(base: Money? = nil, stock: Money? = nil, bonus: Money? = nil) {
        self.base = base
        self.stock = stock
        self.bonus = bonus
    }

    /// `nil` when no part is known: what a store reads back for a source that gives no breakdown.
    public var nilWhenEmpty: CompensationParts? { base == nil && stock == nil && bonus == nil ? nil : self }
}

/// Where a conversion rate came from.
public enum RateOrigin: String, Sendable, Codable, Hashable {
    /// The amount was already in USD.
    case none
    /// An ECB reference rate of `NormalisedPay.fxDate`.
    case ecb
    /// The source's own USD figure (Stack Overflow's `ConvertedComp`), for currencies the ECB does not publish.
    case source
}

/// Pay normalised to USD per year and per hour at the observation date.
public struct NormalisedPay: Sendable, Hashable, Codable {
    public var annualUSD: Money
    public var hourlyUSD: Money
    /// USD per unit of the reported currency.
    public var fxRate: Double
    public var fxDate: CalendarDate?
    public var fxOrigin: RateOrigin

    public init(annualUSD: Money, hourlyUSD: Money, fxRate: Double, fxDate: CalendarDate?, fxOrigin: RateOrigin) {
        self.annualUSD = annualUSD
        self.hourlyUSD = hourlyUSD
        self.fxRate = fxRate
        self.fxDate = fxDate
        self.fxOrigin = fxOrigin
    }
}

/// One person's reported pay with what is known about them.
public struct Observation: Sendable, Hashable, Codable {
    /// The stored source this came from; `nil` until stored.
    public var sourceID: Int64?
    /// A source-native identity ("so2016:4637") used to refuse the same record twice; `nil` when the source has none.
    public var recordKey: String?
    /// The line in the source file where the record starts.
    public var line: Int
    public var observedOn: CalendarDate
    public var reported: ReportedPay
    public var normalised: NormalisedPay
    public var location: Location
    public var experience: Experience
    public var skills: [Skill]
    public var role: Role
    public var employment: EmploymentType
    /// 1 unless the source gives a weight (DOU's 2022 aggregates).
    public var weight: Double
    public var quality: QualityFlag
    /// The rule that set `quality`, in words.
    public var qualityRule: String?
    /// Where the employer or client is, when the source says and it differs from `location`'s
    /// country (a Colombian developer at a US company, or at "a foreign company"); `nil` when
    /// unknown or the same.
    public var business: BusinessLocation?
    /// Where the work is done, when the source asks.
    public var remoteWork: RemoteWork?
    /// Base, stock and bonus, where the source breaks the total down.
    public var compensation: CompensationParts?

    public init(
        recordKey: String?,
        line: Int,
        observedOn: CalendarDate,
        reported: ReportedPay,
        normalised: NormalisedPay,
        location: Location,
        experience: Experience,
        skills: [Skill],
        role: Role,
        employment: EmploymentType,
        weight: Double = 1,
        quality: QualityFlag = .ok,
        qualityRule: String? = nil,
        sourceID: Int64? = nil,
        business: BusinessLocation? = nil,
        remoteWork: RemoteWork? = nil,
        compensation: CompensationParts? = nil
    ) {
        self.sourceID = sourceID
        self.recordKey = recordKey
        self.line = line
        self.observedOn = observedOn
        self.reported = reported
        self.normalised = normalised
        self.location = location
        self.experience = experience
        self.skills = skills
        self.role = role
        self.employment = employment
        self.weight = weight
        self.quality = quality
        self.qualityRule = qualityRule
        self.business = business == .country(location.country) ? nil : business
        self.remoteWork = remoteWork
        self.compensation = compensation
    }
}

/// Where a developer's employer or client is, seen from the developer's country.
public enum BusinessLocation: Sendable, Hashable, Codable {
    /// In this country.
    case country(CountryCode)
    /// In another country that the source does not name (colombia-dev's "empresa extranjera").
    case abroad

    /// The named country, if any.
    public var country: CountryCode? {
        if case let .country(code) = self { code } else { nil }
    }

    /// The stores' two-letter column value. "ZZ" is the code ISO 3166 leaves to users and CLDR
    /// uses for an unknown region, so an unnamed foreign country needs no column of its own.
    public var storageCode: String {
        switch self {
        case let .country(code): code.alpha2
        case .abroad: Self.abroadCode
        }
    }

    public init?(storageCode: String) {
        if storageCode == Self.abroadCode {
            self = .abroad
        } else if let code = CountryCode(storageCode) {
            self = .country(code)
        } else {
            return nil
        }
    }

    static let abroadCode = "ZZ"
}

/// Where a job is done, as surveys ask it.
public enum RemoteWork: String, Sendable, Codable, CaseIterable, Hashable {
    case remote, hybrid
    case inPerson = "in-person"

    /// Stack Overflow's answers ("Remote", "Hybrid (some remote, some in-person)", "In-person").
    public init?(parsing text: String) {
        let key = TextKey.make(text)
        if key.hasPrefix("hybrid") {
            self = .hybrid
        } else if key.hasPrefix("remote") || key.hasPrefix("fullyremote") {
            self = .remote
        } else if key.hasPrefix("inperson") || key.hasPrefix("onsite") || key.hasPrefix("office") {
            self = .inPerson
        } else {
            return nil
        }
    }
}

/// The five published percentiles of a wage distribution; a `nil` cell was not published.
public struct PercentileSet: Sendable, Hashable, Codable {
    public var p10: Money?
    public var p25: Money?
    public var p50: Money?
    public var p75: Money?
    public var p90: Money?

    public init(p10: Money? = nil, p25: Money? = nil, p50: Money? = nil, p75: Money? = nil, p90: Money? = nil) {
        self.p10 = p10
        self.p25 = p25
        self.p50 = p50
        self.p75 = p75
        self.p90 = p90
    }

    public var all: [Money?] { [p10, p25, p50, p75, p90] }
    public static let probabilities: [Double] = [0.10, 0.25, 0.50, 0.75, 0.90]
}

/// A published wage distribution for a group of people (a BLS OEWS cell), not one person.
/// The estimator treats it as a summary of `employment` people.
public struct PublishedDistribution: Sendable, Hashable, Codable {
    public var recordKey: String
    public var line: Int
    public var observedOn: CalendarDate
    public var location: Location
    /// OEWS area type: N national, S state, M metropolitan or non-metropolitan area.
    public var areaType: String
    public var areaCode: String
    public var areaName: String
    public var occupationCode: String
    public var occupationName: String
    public var industryCode: String
    public var industryName: String
    public var role: Role
    /// Number of people employed in the cell; `nil` when not released.
    public var employment: Int?
    public var annual: PercentileSet
    public var hourly: PercentileSet
    public var annualMean: Money?
    public var hourlyMean: Money?
    /// Percentile labels ("p90", "hourly_p90"...) the source top-coded rather than published.
    public var topCodedCells: [String]
    public var locationQuotient: Double?
    public var jobsPerThousand: Double?
    /// The source's footnote codes, as given.
    public var footnotes: String
    public var quality: QualityFlag
    public var qualityRule: String?

    public init(
        recordKey: String,
        line: Int,
        observedOn: CalendarDate,
        location: Location,
        areaType: String,
        areaCode: String,
        areaName: String,
        occupationCode: String,
        occupationName: String,
        industryCode: String,
        industryName: String,
        role: Role,
        employment: Int?,
        annual: PercentileSet,
        hourly: PercentileSet,
        annualMean: Money?,
        hourlyMean: Money?,
        topCodedCells: [String],
        locationQuotient: Double?,
        jobsPerThousand: Double?,
        footnotes: String,
        quality: QualityFlag,
        qualityRule: String?
    ) {
        self.recordKey = recordKey
        self.line = line
        self.observedOn = observedOn
        self.location = location
        self.areaType = areaType
        self.areaCode = areaCode
        self.areaName = areaName
        self.occupationCode = occupationCode
        self.occupationName = occupationName
        self.industryCode = industryCode
        self.industryName = industryName
        self.role = role
        self.employment = employment
        self.annual = annual
        self.hourly = hourly
        self.annualMean = annualMean
        self.hourlyMean = hourlyMean
        self.topCodedCells = topCodedCells
        self.locationQuotient = locationQuotient
        self.jobsPerThousand = jobsPerThousand
        self.footnotes = footnotes
        self.quality = quality
        self.qualityRule = qualityRule
    }
}
