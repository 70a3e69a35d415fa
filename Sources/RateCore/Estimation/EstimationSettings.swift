/// Every assumption the estimator makes, with its default. All are settings; the defaults are
/// documented in `docs/methodology.md`.
public struct EstimationSettings: Sendable, Codable, Hashable {
    public var workingTime: WorkingTime
    public var levels: LevelBoundaries
    /// Experience the base rate refers to, in years.
    public var referenceYears: Double
    /// Experience beyond which the curve may flatten (a hinge of the log-experience curve).
    public var experienceHinge: Double
    /// A skill gets its own premium only with at least this many observations having it.
    public var minimumSkillObservations: Int
    /// A city gets its own effect only with at least this many observations.
    public var minimumCityObservations: Int
    /// A group (city, country, region) is the stated fallback level only with this many observations.
    public var minimumGroupObservations: Int
    /// No group with fewer observations is ever shown on its own.
    public var privacyMinimum: Int
    /// Ridge penalties: how strongly each kind of effect is pulled toward its parent (0 = free).
    public var penalties: Penalties
    /// Nominal wage growth per year by region (log points), the prior of the wage index; data can
    /// move it where several survey years overlap (see `growthPenalty`).
    public var wageGrowth: [String: Double]
    /// Billed share of a 2,080-hour year for a freelancer (their rate is income ÷ billed hours).
    public var freelancerUtilisation: Double
    /// An agency's markup on the freelancer rate.
    public var agencyMarkup: Double
    /// Weight of BLS OEWS against the surveys for US profiles when an OEWS cell exists.
    public var oewsWeight: Double
    /// Quantiles of the residual pool below which a group uses its parent's pool.
    public var minimumResidualPool: Int
    /// Years after which an observation counts half as much: pay observed long ago says less about
    /// today's, as the wage index that ages it carries a growing error.
    public var recencyHalfLifeYears: Double
    /// Sources fitted apart from the general level, because they cover one segment of the market
    /// (levels.fyi: big-tech offers). They never move an answer; estimates show them beside it.
    public var segmentSources: Set<String>
    /// Huber's k for the robust fit, in robust standard deviations (1.345: 95 % of least squares'
    /// efficiency when residuals are normal); 0 fits by plain least squares.
    public var robustTuning: Double
    /// Most reweighting rounds of the robust fit.
    public var robustIterations: Int

    public struct Penalties: Sendable, Codable, Hashable {
        public var region: Double
        public var country: Double
        public var city: Double
        public var regionExperience: Double
        public var skill: Double
        public var role: Double
        /// A region's own deviation from a role's effect: the gap between roles differs by market
        /// (full-stack against back-end is ×0.77 in the US, ×0.90 in Poland), and one survey must
        /// not set it for all.
        public var regionRole: Double
        public var employment: Double
        public var source: Double
        /// A region's correction to the wage-growth prior, in units of observation-years². A
        /// penalty λ is a prior of standard deviation s/√λ on the correction (s, the robust scale
        /// of log pay, 0.43): 800 says a region's growth lies within about 1.5 % a year of its
        /// prior, the spread of the seven regions' estimates when the penalty was a weak 20. Each
        /// country that measures its growth weighs at most `countryGrowth` (400) in its region's,
        /// so the prior counts as two such countries: a region measured in many countries follows
        /// them, and one measured in two (Latin America before 2024: Argentina's peso-driven
        /// dollars and Colombia's one year) does not follow them 8 years into the past.
        public var growth: Double
        /// A country's deviation from its region's growth, where one survey family has asked it
        /// in several years.
        public var countryGrowth: Double

        public init(
            region: Double = 2,
            country: Double = 15,
            city: Double = 40,
            regionExperience: Double = 300,
            skill: Double = 60,
            role: Double = 5,
            regionRole: Double = 50,
            employment: Double = 5,
            source: Double = 5,
            growth: Double = 800,
            countryGrowth: Double = 400
        ) {
            self.region = region
            self.country = country
            self.city = city
            self.regionExperience = regionExperience
            self.skill = skill
            self.role = role
            self.regionRole = regionRole
            self.employment = employment
            self.source = source
            self.growth = growth
            self.countryGrowth = countryGrowth
        }
    }

    public init(
        workingTime: WorkingTime = .standard,
        levels: LevelBoundaries = .standard,
        referenceYears: Double = 5,
        experienceHinge: Double = 10,
        minimumSkillObservations: Int = 100,
        minimumCityObservations: Int = 30,
        minimumGroupObservations: Int = 30,
        privacyMinimum: Int = 5,
        penalties: Penalties = Penalties(),
        wageGrowth: [String: Double] = EstimationSettings.defaultWageGrowth,
        freelancerUtilisation: Double = 0.7,
        agencyMarkup: Double = 0.4,
        oewsWeight: Double = 0.75,
        minimumResidualPool: Int = 300,
        recencyHalfLifeYears: Double = 5,
        robustTuning: Double = 1.345,
        robustIterations: Int = 12,
        segmentSources: Set<String> = ["levelsfyi"]
    ) {
        self.segmentSources = segmentSources
        self.recencyHalfLifeYears = recencyHalfLifeYears
        self.robustTuning = robustTuning
        self.robustIterations = robustIterations
        self.workingTime = workingTime
        self.levels = levels
        self.referenceYears = referenceYears
        self.experienceHinge = experienceHinge
        self.minimumSkillObservations = minimumSkillObservations
        self.minimumCityObservations = minimumCityObservations
        self.minimumGroupObservations = minimumGroupObservations
        self.privacyMinimum = privacyMinimum
        self.penalties = penalties
        self.wageGrowth = wageGrowth
        self.freelancerUtilisation = freelancerUtilisation
        self.agencyMarkup = agencyMarkup
        self.oewsWeight = oewsWeight
        self.minimumResidualPool = minimumResidualPool
    }

    /// Default nominal USD wage growth per year for software work (log points), by RateCard region.
    /// North America follows the BLS Employment Cost Index for private wages (about 3.5 % a year
    /// 2016–2025); the others are conservative round figures that the data refine where it can.
    public static let defaultWageGrowth: [String: Double] = [
        RateCardRegion.northAmerica.rawValue: 0.035,
        RateCardRegion.westernEurope.rawValue: 0.025,
        RateCardRegion.easternEurope.rawValue: 0.05,
        RateCardRegion.latinAmerica.rawValue: 0.03,
        RateCardRegion.asia.rawValue: 0.04,
        RateCardRegion.middleEastAfrica.rawValue: 0.03,
        RateCardRegion.oceania.rawValue: 0.03,
    ]

    public static let standard = EstimationSettings()

    public func growthPrior(_ region: RateCardRegion) -> Double { wageGrowth[region.rawValue] ?? 0.03 }
}

/// Survey families: the waves of one survey share a family, so that what differs between them
/// over the years is wage growth and not a level of their own (Stack Overflow's 2016 to 2025
/// waves; DOU's harmonised and raw files).
public enum SourceFamily {
    public static let stackOverflow = "stackoverflow"

    /// The family of a stored dataset tag ("so2024" → "stackoverflow", "dou-raw" → "dou").
    public static func of(_ dataset: String) -> String {
        let bytes = Array(dataset.utf8)
        if bytes.count == 6, dataset.hasPrefix("so"), bytes[2...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return stackOverflow }
        if dataset == "dou-raw" { return "dou" }
        return dataset
    }
}
