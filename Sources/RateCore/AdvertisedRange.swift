/// A pay range an employer advertises in one job offer for one kind of contract ("B2B 14 000 –
/// 20 000 PLN a month"). It is neither a person nor a paid figure: what the offer says it pays, kept
/// apart from observations the way a published distribution is.
public struct AdvertisedRange: Sendable, Hashable, Codable {
    /// Unique per range: the offer's key and the contract ("justjoinit-2021-08:line-5:b2b").
    public var recordKey: String
    /// The offer, shared by the ranges one offer quotes for several contracts: what pairs a B2B
    /// range with the employment range of the same job.
    public var offerKey: String
    public var line: Int
    public var observedOn: CalendarDate
    public var location: Location
    public var role: Role
    /// The seniority the offer asks for, when it says.
    public var level: ExperienceLevel?
    public var skills: [Skill]
    /// The contract the range is for: `.employeeFullTime` (an employment contract, gross pay) or
    /// `.freelancer` (a contractor's invoice, as B2B offers quote it).
    public var employment: EmploymentType
    /// Bounds as advertised, in the offer's currency and period.
    public var low: Money
    public var high: Money
    public var period: PayPeriod
    /// The bounds in USD per hour at the offer's date (2,080 paid hours a year, like observations).
    public var lowHourlyUSD: Money
    public var highHourlyUSD: Money
    /// USD per unit of the offer's currency, and the ECB day it is from.
    public var fxRate: Double
    public var fxDate: CalendarDate?
    /// The offer's title, as published.
    public var title: String?

    public init(
        recordKey: String,
        offerKey: String,
        line: Int,
        observedOn: CalendarDate,
        location: Location,
        role: Role,
        level: ExperienceLevel?,
        skills: [Skill],
        employment: EmploymentType,
        low: Money,
        high: Money,
        period: PayPeriod,
        lowHourlyUSD: Money,
        highHourlyUSD: Money,
        fxRate: Double,
        fxDate: CalendarDate?,
        title: String?
    ) {
        self.recordKey = recordKey
        self.offerKey = offerKey
        self.line = line
        self.observedOn = observedOn
        self.location = location
        self.role = role
        self.level = level
        self.skills = skills
        self.employment = employment
        self.low = low
        self.high = high
        self.period = period
        self.lowHourlyUSD = lowHourlyUSD
        self.highHourlyUSD = highHourlyUSD
        self.fxRate = fxRate
        self.fxDate = fxDate
        self.title = title
    }

    /// The range's geometric middle in USD per hour: the figure a range stands for in summaries.
    public var midpointHourlyUSD: Double { (lowHourlyUSD.amount * highHourlyUSD.amount).squareRoot() }
}
