import Foundation

/// Answers profiles from a fitted `RateModel`. Building one indexes the model once; each estimate
/// is then a few dozen arithmetic steps, with no store access.
///
/// A class, not a struct: every request takes the server's current estimator, and copying a
/// struct of some forty dictionaries retained each of them, on counters both cores share.
public final class Estimator: Sendable {
    public let model: RateModel
    public let tables: ReferenceTables
    private let index: [ModelColumn: Int]
    private let settings: EstimationSettings
    /// OEWS cells by occupation code and area type, national first.
    private let oewsByOccupation: [String: [OEWSCell]]

    public init(model: RateModel, tables: ReferenceTables) {
        self.model = model
        self.tables = tables
        settings = model.settings
        index = model.columnIndex()
        oewsByOccupation = Dictionary(grouping: model.oews, by: \.occupationCode)
    }

    /// The preferred OEWS occupation for each role (SOC codes).
    static let occupationForRole: [Role: String] = [
        .backend: "151252", .fullStack: "151252", .mobile: "151252", .frontend: "151254", .qa: "151253", .devops: "151244", .data: "152051",
    ]

    private func coefficient(_ kind: ModelColumn.Kind, _ name: String) -> (value: Double, error: Double, column: Int)? {
        guard let column = index[ModelColumn(kind, name)] else { return nil }
        return (model.solution.coefficients[column], model.solution.standardErrors[column], column)
    }

    private func group(_ scope: GroupScope, role: Role? = nil) -> GroupCount? { model.group(scope, role: role) }

    /// Estimates the pay range of a profile.
    ///
    /// The median's log pay is built in named steps, each adding its term, its factor (the
    /// multiplier and its evidence) and the coefficients it used; the range then comes from the
    /// residual distribution of the sources leaned on.
    /// - Parameters:
    ///   - regionOnly: estimate for the profile's whole RateCard region (no country or city effect), for regional reports.
    ///   - onlySource: estimate from one source alone ("so2016", "dou", "oews"...), for the sources report.
    public func estimate(_ profile: Profile, regionOnly: Bool = false, onlySource: String? = nil) throws(ProfileError) -> Estimate {
        guard let country = tables.countries[profile.country] else {
            throw ProfileError(field: "country", value: profile.country.alpha2, message: "unknown country")
        }
        let region = country.region
        if profile.hire == .agency, onlySource == nil,
            let answer = tables.marketRates.answer(.agencyListings, country: country.code, region: region, regionOnly: regionOnly)
        {
            return try agencyEstimate(profile, country: country, answer: answer, regionOnly: regionOnly)
        }
        let years = profile.years ?? profile.level.map(settings.levels.typicalYears) ?? settings.referenceYears
        let leaned = leanedGroup(profile, country: country, regionOnly: regionOnly)
        var sourceWeights = sourceMix(leaned.counts, onlySource: onlySource)

        var pay = LogPay(notes: leaned.notes)
        let sourceShift = addBase(&pay, sourceWeights: sourceWeights)
        let baseUSD = exp(pay.value)
        let cityEffect = addLocation(&pay, profile: profile, country: country, cityKey: leaned.cityKey, regionOnly: regionOnly)
        let experience =
            addExperience(&pay, profile: profile, years: years, region: region)
            + addStatedLevel(&pay, profile.level, years: years, sourceWeights: sourceWeights)
        let skills = addSkills(&pay, profile: profile, country: country)
        addRole(&pay, profile.role, region: region)
        addWageGrowth(&pay, country: country, to: profile.asOf)
        let surveyLogPay = pay.value
        let oews = blendOEWS(
            &pay,
            sourceWeights: &sourceWeights,
            profile: profile,
            country: country,
            cityKey: leaned.cityKey,
            experience: experience,
            skillEffect: skills.effect,
            cityEffect: cityEffect,
            regionOnly: regionOnly,
            onlySource: onlySource
        )
        if !regionOnly { addEmployerAbroad(&pay, profile: profile, country: country) }
        let hire = addHireType(&pay, profile.hire, region: region)

        let quantiles = model.residualQuantiles(sourceWeights: sourceWeights, region: region)
        pay.factors.append(
            EstimateFactor(
                name: "distribution centre",
                multiplier: exp(quantiles[2]),
                standardError: nil,
                evidence: "median of the model's residuals for this group"
            )
        )
        let standardError = medianStandardError(pay.gradient)

        let (rate, rateDate, rateNote) = try exchange(profile)
        if let rateNote { pay.notes.append(rateNote) }
        if profile.hire == .freelancer, onlySource == nil, !regionOnly,
            let offers = (model.contractOffers ?? tables.contractOffers).evidence(for: country.code)
        {
            let employeeMonthly = exp(pay.value + quantiles[2]) * rate * settings.workingTime.hoursPerYear / 12
            pay.notes.append(
                "B2B contracts in \(country.name): job offers that quote both ask ×\(EstimateFactor.format(offers.medianRatio)) (P25–P75 ×\(EstimateFactor.format(offers.lowerQuartile))–\(EstimateFactor.format(offers.upperQuartile))) an employment contract's gross for the same job (\(ReportFormat.number(offers.offers)) offers, \(offers.sources.joined(separator: ", "))): a contractor on a full-time engagement invoices about \(ReportFormat.number(employeeMonthly * offers.medianRatio)) \(profile.currency.code) a month where an employee earns \(ReportFormat.number(employeeMonthly)) gross"
            )
        }
        if onlySource == nil && !regionOnly && profile.hire == .employee {
            pay.notes += segmentNotes(
                surveyLogPay: surveyLogPay,
                sourceShift: sourceShift,
                country: country,
                centre: quantiles[2],
                rate: rate,
                currency: profile.currency
            )
        }
        let range = spreadRange(quantiles, country: country, regionOnly: regionOnly, notes: &pay.notes)
        let hourlyUSD = range.map { exp(pay.value + $0) * hire.multiplier }
        let hourly = PayRange(hourlyUSD.map { $0 * rate }).scaled(by: 1)
        let daily = PayRange(hourlyUSD.map { $0 * rate * settings.workingTime.hoursPerDay }).scaled(by: 1)
        let annual = PayRange(hourlyUSD.map { $0 * rate * hire.hoursPerYear }).scaled(by: 1)
        let monthly = PayRange(annual.values.map { $0 / 12 }).scaled(by: 1)
        let center = pay.value + quantiles[2]
        let interval = [exp(center - 1.96 * standardError), exp(center + 1.96 * standardError)].map {
            ($0 * hire.multiplier * rate * 100).rounded() / 100
        }
        let contributions = sourceContributions(
            sourceWeights: sourceWeights,
            leaned: leaned.counts,
            region: region,
            surveyLogPay: surveyLogPay,
            sourceShift: sourceShift,
            oewsLogPay: oews?.logPay,
            quantiles: quantiles,
            scale: hire.multiplier * rate
        )

        var marketplace: MarketFigure?
        if profile.hire == .freelancer, onlySource == nil,
            let answer = tables.marketRates.answer(.freelanceMarketplace, country: country.code, region: region, regionOnly: regionOnly)
        {
            marketplace = MarketFigure(answer, rate: rate, hoursPerYear: hire.hoursPerYear)
            if answer.level == .country { marketplace?.fallbackGroup = country.name }
        }

        return Estimate(
            profile: profile,
            countryName: country.name,
            region: region,
            years: years,
            currency: profile.currency,
            exchangeRate: rate,
            exchangeRateDate: rateDate,
            hourly: hourly,
            daily: daily,
            monthly: monthly,
            annual: annual,
            hoursPerYear: hire.hoursPerYear,
            medianInterval: interval,
            sampleSize: leaned.counts.rows,
            effectiveSampleSize: (leaned.counts.effectiveSize * 10).rounded() / 10,
            fallbackLevel: leaned.level,
            fallbackGroup: leaned.name,
            sources: contributions,
            dataYears: dataYears(leaned.counts, onlySource: onlySource, oews: oews, asOf: profile.asOf),
            confidence: Self.confidence(level: leaned.level, rows: leaned.counts.rows),
            baseHourly: (baseUSD * rate * 100).rounded() / 100,
            factors: pay.factors,
            skills: skills.details,
            costOfLiving: regionOnly ? nil : costOfLiving(country: country, asOf: profile.asOf),
            marketDemand: oews?.demand,
            notes: pay.notes,
            modelAsOf: model.asOf,
            dataVersion: model.dataVersion,
            baseDescription: "world, backend employee, \(Int(saturating: settings.referenceYears)) years",
            marketplace: marketplace
        )
    }

    /// The median's log pay as the steps of `estimate` build it: each step adds its term, the
    /// factor that explains it, and the coefficients it used (the gradient, for the median's
    /// standard error).
    private struct LogPay {
        var value = 0.0
        var factors: [EstimateFactor] = []
        var notes: [String] = []
        var gradient: [Int: Double] = Dictionary(minimumCapacity: 32)

        init(notes: [String]) { self.notes = notes }

        mutating func use(_ column: Int, _ weight: Double = 1) { gradient[column, default: 0] += weight }
    }

    /// The residual quantiles stretched (or narrowed) by the country's own spread of pay, with a
    /// note when that moves the range by more than 5 %.
    private func spreadRange(_ quantiles: [Double], country: Country, regionOnly: Bool, notes: inout [String]) -> [Double] {
        guard !regionOnly, let spread = model.spread(of: country.code, in: country.region) else { return quantiles }
        if abs(log(spread.inner)) > 0.05 || abs(log(spread.outer)) > 0.05 {
            let basis =
                model.countrySpreads?[country.code.alpha2] != nil
                ? "from its \(ReportFormat.number(spread.rows)) rows"
                : "as in the \(country.region.rawValue) countries with too few rows to measure their own (\(ReportFormat.number(spread.rows)) rows)"
            notes.append(
                "\(country.name)'s pay spreads ×\(EstimateFactor.format(spread.inner)) as wide as its region's pools (P25–P75; ×\(EstimateFactor.format(spread.outer)) for P10–P90), \(basis): the range is scaled to it"
            )
        }
        return spread.stretch(quantiles)
    }

    /// The group an answer leans on: the smallest of city, country, region and world with enough
    /// observations of the role.
    private struct LeanedGroup {
        var level: FallbackLevel
        var counts: GroupCount
        /// How the answer names it ("Kraków, PL", "Poland", "Western Europe", "world").
        var name: String
        /// The profile's city as the model keys it; nil for a regional answer or no city.
        var cityKey: String?
        /// Why the answer leans on a larger group than the profile asks for.
        var notes: [String]
    }

    private func leanedGroup(_ profile: Profile, country: Country, regionOnly: Bool) -> LeanedGroup {
        let role = profile.role
        let region = country.region
        let cityKey = regionOnly ? nil : profile.city.map { tables.cities.normalise($0).map(TextKey.make) ?? TextKey.make($0) }
        let cityCount = cityKey.flatMap { group(.city(country.code, cityKey: $0), role: role) }
        let countryCount = regionOnly ? nil : group(.country(country.code), role: role)
        let regionCount = group(.region(region), role: role)
        let minimum = settings.minimumGroupObservations
        var leaned: LeanedGroup
        if let cityCount, cityCount.rows >= minimum, let city = profile.city, !regionOnly {
            leaned = LeanedGroup(
                level: .city,
                counts: cityCount,
                name: "\(tables.cities.normalise(city) ?? city), \(country.code.alpha2)",
                cityKey: cityKey,
                notes: []
            )
        } else if let countryCount, countryCount.rows >= minimum {
            leaned = LeanedGroup(level: .country, counts: countryCount, name: country.name, cityKey: cityKey, notes: [])
        } else if let regionCount, regionCount.rows >= minimum {
            leaned = LeanedGroup(level: .region, counts: regionCount, name: region.rawValue, cityKey: cityKey, notes: [])
        } else {
            leaned = LeanedGroup(
                level: .world,
                counts: group(.world, role: role) ?? group(.world) ?? GroupCount(),
                name: "world",
                cityKey: cityKey,
                notes: []
            )
        }
        if leaned.level != .city, let city = profile.city, !regionOnly {
            leaned.notes.append(
                "city \(city): \(cityCount?.rows ?? 0) \(role.rawValue) observations, fewer than \(minimum); leaning on \(leaned.name)"
            )
        }
        if leaned.level > .country && !regionOnly {
            leaned.notes.append(
                "\(country.name): \(countryCount?.rows ?? 0) \(role.rawValue) observations, fewer than \(minimum); leaning on \(leaned.name)"
            )
        }
        return leaned
    }

    /// Each source's share of the group leaned on (or the one source asked for).
    private func sourceMix(_ leaned: GroupCount, onlySource: String?) -> [String: Double] {
        if let onlySource, onlySource != "oews" { return [onlySource: 1] }
        let totalWeight = leaned.bySource.values.reduce(0, +)
        return totalWeight > 0 ? leaned.bySource.mapValues { $0 / totalWeight } : [model.referenceSource: 1]
    }

    /// Intercept and the source mix's offsets; returns the offsets' weighted sum.
    private func addBase(_ pay: inout LogPay, sourceWeights: [String: Double]) -> Double {
        if let intercept = coefficient(.intercept, "all") {
            pay.value += intercept.value
            pay.use(intercept.column)
        }
        var sourceShift = 0.0
        for (source, weight) in sourceWeights {
            if let effect = coefficient(.source, source) {
                sourceShift += weight * effect.value
                pay.use(effect.column, weight)
            }
        }
        pay.value += sourceShift
        return sourceShift
    }

    /// Region, country and city; a group's effect is used only from `privacyMinimum` rows up.
    /// Returns the city's log effect (0 without one).
    @discardableResult
    private func addLocation(_ pay: inout LogPay, profile: Profile, country: Country, cityKey: String?, regionOnly: Bool) -> Double {
        let region = country.region
        if let effect = coefficient(.region, region.rawValue) {
            pay.value += effect.value
            pay.use(effect.column)
            pay.factors.append(
                EstimateFactor(
                    name: "region \(region.rawValue)",
                    multiplier: exp(effect.value),
                    standardError: nil,
                    evidence: "n=\(ReportFormat.number(group(.region(region))?.rows ?? 0))"
                )
            )
        }
        guard !regionOnly else { return 0 }  // the whole region: no country or city effect
        let countryRows = group(.country(country.code))?.rows ?? 0
        if let effect = coefficient(.country, country.code.alpha2), countryRows >= settings.privacyMinimum {
            pay.value += effect.value
            pay.use(effect.column)
            pay.factors.append(
                EstimateFactor(
                    name: "country \(country.name)",
                    multiplier: exp(effect.value),
                    standardError: nil,
                    evidence:
                        "n=\(ReportFormat.number(countryRows))\(countryRows < settings.minimumGroupObservations ? ", shrunk toward the region" : "")"
                )
            )
        } else {
            pay.factors.append(
                EstimateFactor(
                    name: "country \(country.name)",
                    multiplier: 1,
                    standardError: nil,
                    evidence: countryRows == 0
                        ? "no observations: region level used" : "fewer than \(settings.privacyMinimum) observations: not shown, region level used"
                )
            )
        }
        addSurveyLevel(&pay, country: country, asOf: profile.asOf)
        if let cityKey, let effect = coefficient(.city, "\(country.code.alpha2)|\(cityKey)"),
            let rows = group(.city(country.code, cityKey: cityKey))?.rows, rows >= settings.privacyMinimum
        {
            pay.value += effect.value
            pay.use(effect.column)
            pay.factors.append(
                EstimateFactor(
                    name: "city \(tables.cities.normalise(profile.city ?? "") ?? "")",
                    multiplier: exp(effect.value),
                    standardError: nil,
                    evidence: "n=\(ReportFormat.number(rows))"
                )
            )
            return effect.value
        } else if let city = profile.city {
            pay.factors.append(
                EstimateFactor(name: "city \(city)", multiplier: 1, standardError: nil, evidence: "too few observations for a city effect")
            )
        }
        return 0
    }

    /// The region's experience curve at `years`; returns its log effect (OEWS re-bases on it).
    private func addExperience(_ pay: inout LogPay, profile: Profile, years: Double, region: RateCardRegion) -> Double {
        let experience = model.experienceEffect(years: years, region: region, index: index)
        pay.value += experience
        let (x, hinge) = RateModel.experienceTerms(years: years, settings: settings)
        if let base = coefficient(.experience, "log-years") { pay.use(base.column, x) }
        if let regional = coefficient(.regionExperience, region.rawValue) { pay.use(regional.column, x) }
        if let after = coefficient(.experienceHinge, "after-hinge") { pay.use(after.column, hinge) }
        let yearsText = years == years.rounded() ? String(Int(saturating: years)) : ReportFormat.plain(years, decimals: 1)
        pay.factors.append(
            EstimateFactor(
                name: "experience \(yearsText) y",
                multiplier: exp(experience),
                standardError: nil,
                evidence:
                    "vs \(Int(saturating: settings.referenceYears)) y; \(settings.levels.level(forYears: years).rawValue)\(profile.years == nil ? ", typical years for the level" : "")"
            )
        )
        return experience
    }

    /// A country's level against its long-run trend on the answer's date: its latest surveys'
    /// level from their window on (today's level); before it, the line through the earlier survey
    /// years' levels and the recent one.
    private func addSurveyLevel(_ pay: inout LogPay, country: Country, asOf: CalendarDate) {
        guard let window = model.recentWindows?[country.code.alpha2], let effect = coefficient(.recentLevel, country.code.alpha2) else {
            return
        }
        guard asOf < window.since else {
            pay.value += effect.value
            pay.use(effect.column)
            pay.factors.append(
                EstimateFactor(
                    name: "latest surveys \(country.name)",
                    multiplier: exp(effect.value),
                    standardError: exp(effect.value) * effect.error,
                    evidence:
                        "the level of \(country.name)'s surveys since \(window.since) (\(window.families.joined(separator: ", ")), n=\(ReportFormat.number(window.rows))) against its trend over all waves"
                )
            )
            return
        }
        guard let earlier = window.level(on: asOf, recent: effect.value, recentError: effect.error) else { return }
        pay.value += earlier.logLevel
        pay.use(effect.column, earlier.recentShare)
        func described(_ level: WaveLevel) -> String {
            "\(level.on.year) (\(level.families.joined(separator: ", ")), n=\(level.rows), ×\(ReportFormat.number(exp(level.logLevel), decimals: 2)))"
        }
        let evidence =
            asOf <= earlier.after.on
            ? "before \(country.name)'s first survey year with \(Design.minimumRecentRows) rows, held at its level: \(described(earlier.after)) against its trend"
            : "between \(country.name)'s surveys of \(described(earlier.after)) and "
                + (earlier.before.map { "of \(described($0))" }
                    ?? "its latest (×\(ReportFormat.number(exp(effect.value), decimals: 2)) since \(window.since))") + ", against its trend"
        pay.factors.append(
            EstimateFactor(
                name: "surveys of the time \(country.name)",
                multiplier: exp(earlier.logLevel),
                standardError: exp(earlier.logLevel) * earlier.standardError,
                evidence: evidence
            )
        )
    }

    /// A level the profile states (a title: "senior"): what surveys that state one pay for it over
    /// their average titled developer with the same years (`StatedLevelMix`). The answer's own
    /// titled families weigh as they do in its sources (DOU for Ukraine, sysarmy for Argentina);
    /// elsewhere each titled family weighs by its titled rows. Without a stated level, none.
    /// Returns its log effect.
    private func addStatedLevel(_ pay: inout LogPay, _ level: ExperienceLevel?, years: Double, sourceWeights: [String: Double]) -> Double {
        guard let level, let mixes = model.statedLevels else { return 0 }
        var effects: [(family: String, value: Double, gradient: [Int: Double], weight: Double)] = []
        for family in mixes.keys.sorted() {
            guard let effect = model.statedLevelEffect(level, years: years, family: family, index: index) else { continue }
            effects.append((family, effect.value, effect.gradient, sourceWeights[family] ?? 0))
        }
        guard !effects.isEmpty else { return 0 }
        let ownFamilies = effects.contains { $0.weight > 0 }
        if !ownFamilies { effects = effects.map { ($0.family, $0.value, $0.gradient, Double(mixes[$0.family]?.rows ?? 0)) } }
        let total = effects.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return 0 }
        var effect = 0.0
        var gradient: [Int: Double] = [:]
        var parts: [String] = []
        for family in effects where family.weight > 0 {
            let share = family.weight / total
            effect += share * family.value
            for (column, weight) in family.gradient { gradient[column, default: 0] += share * weight }
            let shares = mixes[family.family]?.shares(forYears: years) ?? [:]
            let mixText = ExperienceLevel.allCases.compactMap { other in
                shares[other].flatMap { $0 >= 0.005 ? "\(Int(($0 * 100).rounded())) % \(other.rawValue)" : nil }
            }.joined(separator: ", ")
            parts.append(
                "\(family.family) ×\(EstimateFactor.format(exp(family.value)))\(effects.count > 1 ? " (weight \(Int((share * 100).rounded())) %)" : "") against \(mixText), n=\(ReportFormat.number(mixes[family.family]?.rows ?? 0))"
            )
        }
        pay.value += effect
        for (column, weight) in gradient { pay.use(column, weight) }
        pay.factors.append(
            EstimateFactor(
                name: "stated level \(level.rawValue)",
                multiplier: exp(effect),
                standardError: exp(effect) * medianStandardError(gradient),
                evidence: "against the average developer with \(StatedLevelMix.bucketName(years)) among the titled rows of "
                    + (ownFamilies ? "this answer's sources" : "the surveys that state titles") + ": " + parts.joined(separator: "; ")
            )
        )
        return effect
    }

    /// The profile's stack is what the job needs, so its effect is the mean of the priced skills'
    /// premiums (each a whole-stack premium against a developer who lists as many skills), not
    /// their sum: listing more skills never stacks premiums. Returns the log effect and each
    /// skill's detail.
    private func addSkills(_ pay: inout LogPay, profile: Profile, country: Country) -> (effect: Double, details: [SkillDetail]) {
        var details: [SkillDetail] = []
        var seen = Set<String>()
        let resolved = profile.skills.map { tables.skills.resolve($0) ?? Skill(name: $0, isKnown: false) }.filter { seen.insert($0.name).inserted }
        let pricedSkills = resolved.filter { coefficient(.skill, $0.name) != nil }.count
        var effectSum = 0.0
        for skill in resolved {
            let rows = model.skillRows[skill.name] ?? 0
            let share = model.skillShare[skill.name]
            let countryShare = model.skillShareByCountry[CountrySkill(country.code, skill.name)]
            let demand = share.flatMap { world in countryShare.map { $0 / world } }
            if let effect = coefficient(.skill, skill.name) {
                let weight = 1 / Double(pricedSkills)
                effectSum += effect.value * weight
                pay.use(effect.column, weight)
                let premium = exp(effect.value)
                let multiplier = exp(effect.value * weight)
                pay.factors.append(
                    EstimateFactor(
                        name: skill.name,
                        multiplier: multiplier,
                        standardError: multiplier * effect.error * weight,
                        evidence:
                            "×\(EstimateFactor.format(premium)) for a stack of \(skill.name) alone vs a developer listing as many skills (n=\(ReportFormat.number(rows))); "
                            + (pricedSkills > 1 ? "weighted 1/\(pricedSkills), one of \(pricedSkills) priced skills" : "the only priced skill")
                    )
                )
                details.append(
                    SkillDetail(
                        skill: skill.name,
                        known: skill.isKnown,
                        premium: premium,
                        standardError: premium * effect.error,
                        observations: rows,
                        rarity: share,
                        relativeDemand: demand
                    )
                )
            } else {
                pay.factors.append(
                    EstimateFactor(
                        name: skill.name,
                        multiplier: 1,
                        standardError: nil,
                        evidence:
                            "no premium: fewer than \(settings.minimumSkillObservations) observations\(skill.isKnown ? "" : "; not in the skill catalogue")"
                    )
                )
                details.append(
                    SkillDetail(
                        skill: skill.name,
                        known: skill.isKnown,
                        premium: nil,
                        standardError: nil,
                        observations: rows,
                        rarity: share,
                        relativeDemand: demand
                    )
                )
            }
        }
        pay.value += effectSum
        return (effectSum, details)
    }

    /// The role's effect against back-end: every region's, with the region's own deviation.
    private func addRole(_ pay: inout LogPay, _ role: Role, region: RateCardRegion) {
        guard role != .backend, let effect = coefficient(.role, role.rawValue) else { return }
        let regional = coefficient(.regionRole, ModelColumn.regionRole(region, role))
        let value = effect.value + (regional?.value ?? 0)
        pay.value += value
        pay.use(effect.column)
        if let regional { pay.use(regional.column) }
        pay.factors.append(
            EstimateFactor(
                name: "role \(role.rawValue)",
                multiplier: exp(value),
                standardError: regional == nil ? exp(value) * effect.error : nil,
                evidence:
                    "vs backend; n=\(ReportFormat.number(group(.world, role: role)?.rows ?? 0))"
                    + (regional == nil
                        ? "" : ", \(region.rawValue)'s own gap (n=\(ReportFormat.number(group(.region(region), role: role)?.rows ?? 0)))")
            )
        )
    }

    /// USD wage growth in log points a year: the country's own where a survey family measures it,
    /// else its region's estimate, else the region's prior.
    public func annualWageGrowth(in region: RateCardRegion, country: CountryCode? = nil) -> Double {
        growthEstimate(in: region, country: country)?.estimate ?? settings.growthPrior(region)
    }

    /// The wage-index estimate behind `annualWageGrowth`, with its evidence.
    public func growthEstimate(in region: RateCardRegion, country: CountryCode? = nil) -> GrowthEstimate? {
        if let country, let own = model.countryGrowth?[country.alpha2] { return own }
        return model.growth[region.rawValue]
    }

    /// The wage growth from the model's date to the one asked for.
    private func addWageGrowth(_ pay: inout LogPay, country: Country, to asOf: CalendarDate) {
        let estimate = growthEstimate(in: country.region, country: country.code)
        let growth = estimate?.estimate ?? settings.growthPrior(country.region)
        let ageing = asOf.years(since: model.asOf)
        guard abs(ageing) > 1.0 / 365 else { return }
        pay.value += growth * ageing
        let basis: String
        if let estimate, estimate.isMeasured {
            let place = model.countryGrowth?[country.code.alpha2] != nil ? country.name : country.region.rawValue
            basis =
                "measured for \(place) from \((estimate.families ?? []).joined(separator: ", ")) (\(estimate.years.first.map(String.init) ?? "")–\(estimate.years.last.map(String.init) ?? ""))"
        } else {
            basis = "the prior for \(country.region.rawValue): no survey asked there in several years"
        }
        pay.factors.append(
            EstimateFactor(
                name: "wage growth to \(asOf)",
                multiplier: exp(growth * ageing),
                standardError: nil,
                evidence: "\(ReportFormat.percent(growth, decimals: 1)) a year from \(model.asOf), \(basis)"
            )
        )
    }

    /// Each segment source's figure for the profile (levels.fyi: big-tech offers), as a note beside
    /// the answer: the general level for the profile times the segment's measured premium.
    private func segmentNotes(
        surveyLogPay: Double,
        sourceShift: Double,
        country: Country,
        centre: Double,
        rate: Double,
        currency: CurrencyCode
    )
        -> [String]
    {
        (model.segments ?? []).map { segment in
            let (level, isCountry) = segment.level(for: country.code, minimumRows: ModelFitter.segmentCountryRows)
            let hourly = exp(surveyLogPay - sourceShift + level.logPremium + centre) * rate
            let years = segment.years.isEmpty ? "" : " \(segment.years.first!)–\(segment.years.last!)"
            let basis =
                isCountry
                ? "\(country.name)'s own \(ReportFormat.number(level.rows)) rows"
                : "all its \(ReportFormat.number(level.rows)) rows (\(country.name) has too few)"
            return
                "\(segment.source)\(years), a segment of the market (big-tech offers), fitted apart and not in the figures above: median \(ReportFormat.money(hourly, hourly: true)) \(currency.code)/h for this profile, ×\(EstimateFactor.format(exp(level.logPremium - sourceShift))) this answer's median, from \(basis)"
        }
    }

    /// What blending in BLS OEWS gave: its own log pay for the profile, the year and blend weight
    /// of its figures, and the occupation's demand line.
    private struct OEWSBlend {
        var logPay: Double
        var year: Int
        var weight: Double
        var demand: String
    }

    /// For US profiles (or North America's regional answer): blends BLS OEWS for the role's
    /// occupation in the city's metro area (else nationally). The surveys set the national level,
    /// as they do in every other country, so that countries compare alike: OEWS's published
    /// national median for the same occupation and experience mix sits below the surveys'
    /// respondents (methodology, §4), and that offset is measured on every answer and shown. What
    /// OEWS brings is geography: its metro median against its national one. The survey terms
    /// (their source weights) shrink by the weight OEWS takes.
    private func blendOEWS(
        _ pay: inout LogPay,
        sourceWeights: inout [String: Double],
        profile: Profile,
        country: Country,
        cityKey: String?,
        experience: Double,
        skillEffect: Double,
        cityEffect: Double,
        regionOnly: Bool,
        onlySource: String?
    ) -> OEWSBlend? {
        let applies = regionOnly ? country.region == .northAmerica : country.code.alpha2 == "US"
        guard applies, onlySource == nil || onlySource == "oews", let occupation = Self.occupationForRole[profile.role],
            let cells = oewsByOccupation[occupation], let national = cells.first(where: { $0.areaType == "N" }),
            let nationalMedian = national.hourly[2]
        else { return nil }
        let area = cityKey.flatMap { key in cells.first { $0.areaType == "M" && ($0.cityKey ?? "").hasPrefix(key) } } ?? national
        guard let median = area.hourly[2] else { return nil }
        let usGrowth = annualWageGrowth(in: .northAmerica, country: CountryCode("US"))
        // OEWS's national median as the profile's: aged to the date, moved from its all-experience
        // mix to the profile's experience with the model's curve, with the stack's premium.
        let oewsNational =
            log(nationalMedian) + usGrowth * profile.asOf.years(since: national.observedOn) + experience
            - model.usExperienceMean(of: profile.role) + skillEffect
        let surveyNational = pay.value - cityEffect
        let geography = log(median / nationalMedian)
        let value = surveyNational + geography
        let weight = onlySource == "oews" ? 1 : settings.oewsWeight
        let blended = (1 - weight) * pay.value + weight * value
        let place = area.areaType == "N" ? "national level" : "\(area.areaName) against the national median"
        pay.factors.append(
            EstimateFactor(
                name: "BLS OEWS \(area.occupationName), \(area.areaName)",
                multiplier: exp(blended - pay.value),
                standardError: nil,
                evidence:
                    "weight \(Int(weight * 100)) %: OEWS's \(place) (median $\(EstimateFactor.format(median))/h, employment \(area.employment.map(ReportFormat.number) ?? "n/a")); the surveys set the national level, and OEWS's published national median for this occupation and experience is ×\(EstimateFactor.format(exp(oewsNational - surveyNational))) theirs"
            )
        )
        for key in Array(sourceWeights.keys) { sourceWeights[key, default: 0] *= (1 - weight) }
        sourceWeights["oews"] = weight
        // The level stays the surveys' (OEWS adds a published ratio), so the median's error does too.
        pay.value = blended
        return OEWSBlend(
            logPay: value,
            year: area.observedOn.year,
            weight: weight,
            demand:
                "BLS OEWS: \(area.occupationName) in \(area.areaName): employment \(area.employment.map(ReportFormat.number) ?? "n/a"), location quotient \(area.locationQuotient.map { EstimateFactor.format($0) } ?? "n/a")"
        )
    }

    /// An employer in another country than the developer's (see `employerAbroadFactor`).
    private func addEmployerAbroad(_ pay: inout LogPay, profile: Profile, country: Country) {
        guard let business = profile.businessCountry, business != country.code, let businessCountry = tables.countries[business] else { return }
        let (factor, note) = employerAbroadFactor(developer: country, business: businessCountry) { pay.use($0, $1) }
        if let factor {
            pay.value += log(factor.multiplier)
            pay.factors.append(factor)
        }
        if let note { pay.notes.append(note) }
    }

    /// A freelancer's or (without agency listings) an agency's rate against an employee's pay:
    /// returns the multiplier on the hourly pay and the hours billed a year.
    private func addHireType(_ pay: inout LogPay, _ hire: HireType, region: RateCardRegion) -> (multiplier: Double, hoursPerYear: Double) {
        let hoursPerYear = settings.workingTime.hoursPerYear
        guard hire != .employee else { return (1, hoursPerYear) }
        let utilisation = settings.freelancerUtilisation
        let effect = coefficient(.employment, EmploymentType.freelancer.rawValue)
        let regional = coefficient(.regionEmployment, ModelColumn.regionEmployment(region, .freelancer))
        let income = exp((effect?.value ?? 0) + (regional?.value ?? 0))
        if let effect { pay.use(effect.column) }
        if let regional { pay.use(regional.column) }
        var multiplier = income / utilisation
        let regionalRows = model.employmentRowsByRegion?[ModelColumn.regionEmployment(region, .freelancer)] ?? 0
        pay.factors.append(
            EstimateFactor(
                name: "freelancer",
                multiplier: multiplier,
                standardError: regional == nil ? effect.map { income * $0.error / utilisation } : nil,
                evidence:
                    "income ×\(EstimateFactor.format(income)) vs employees (n=\(ReportFormat.number(model.employmentRows[EmploymentType.freelancer.rawValue] ?? 0)) freelancers and contractors"
                    + (regional == nil ? "" : ", \(regionalRows) of them in \(region.rawValue), whose own gap it is")
                    + "), billed \(Int(saturating: utilisation * 100)) % of \(Int(saturating: hoursPerYear)) h, no employer burden"
            )
        )
        if hire == .agency {
            // Only without market data (a market-rate file with no agency listings).
            multiplier *= 1 + settings.agencyMarkup
            pay.factors.append(
                EstimateFactor(
                    name: "agency",
                    multiplier: 1 + settings.agencyMarkup,
                    standardError: nil,
                    evidence:
                        "markup of \(Int(saturating: settings.agencyMarkup * 100)) % on the freelancer rate (a setting; the market-rate model in use has no agency listings)"
                )
            )
        }
        return (multiplier, hoursPerYear * utilisation)
    }

    /// The standard error of the median's log pay, from the coefficients' covariance.
    private func medianStandardError(_ gradient: [Int: Double]) -> Double {
        var variance = 0.0
        let n = model.columns.count
        for (i, gi) in gradient { for (j, gj) in gradient { variance += gi * gj * model.solution.covariance[i * n + j] } }
        return max(0, variance).squareRoot()
    }

    /// Each source's own median (its measured offset applied to the survey terms), heaviest first.
    /// - Parameter scale: from the hourly USD median to the answer's (hire type and currency).
    private func sourceContributions(
        sourceWeights: [String: Double],
        leaned: GroupCount,
        region: RateCardRegion,
        surveyLogPay: Double,
        sourceShift: Double,
        oewsLogPay: Double?,
        quantiles: [Double],
        scale: Double
    ) -> [SourceContribution] {
        var contributions: [SourceContribution] = []
        for (source, weight) in sourceWeights.sorted(by: { $0.value > $1.value }) where weight > 0 {
            let own: Double
            if source == "oews", let oewsLogPay {
                own = oewsLogPay + quantiles[2]
            } else {
                let shift = (coefficient(.source, source)?.value ?? 0) - sourceShift
                let pool = model.residualQuantiles(of: source, in: region) ?? quantiles
                own = surveyLogPay + shift + pool[2]
            }
            contributions.append(
                SourceContribution(
                    source: source,
                    weight: (weight * 1000).rounded() / 1000,
                    observations: source == "oews" ? 1 : leaned.rowsBySource[source] ?? 0,
                    hourlyMedian: (exp(own) * scale * 100).rounded() / 100
                )
            )
        }
        return contributions
    }

    /// High from 300 observations of the city or country itself, medium below, low for a region or the world.
    static func confidence(level: FallbackLevel, rows: Int) -> String {
        switch (level, rows) {
        case (.city, 300...), (.country, 300...): "high"
        case (.city, _), (.country, _): "medium"
        default: "low"
        }
    }

    /// The years behind the answer: the leaned-on group's, with OEWS's own year at its blend weight.
    private func dataYears(_ leaned: GroupCount, onlySource: String?, oews: OEWSBlend?, asOf: CalendarDate) -> DataYears? {
        var yearWeights: [Int: Double] = [:]
        let yearTotal = leaned.byYear.values.reduce(0, +)
        if onlySource == nil || onlySource == "oews", yearTotal > 0 {
            for (year, weight) in leaned.byYear { yearWeights[year] = weight / yearTotal * (1 - (oews?.weight ?? 0)) }
        }
        if let oews { yearWeights[oews.year, default: 0] += oews.weight }
        return DataYears(weights: yearWeights, asOf: asOf)
    }

    /// A country's location effect in the model: its region's, plus its own where it is shown.
    private func locationLevel(_ country: Country) -> Double {
        let regional = coefficient(.region, country.region.rawValue)?.value ?? 0
        let rows = group(.country(country.code))?.rows ?? 0
        let own = rows >= settings.privacyMinimum ? coefficient(.country, country.code.alpha2)?.value ?? 0 : 0
        return regional + own
    }

    /// Pay at an employer in `business`'s country, for a developer living in `developer`'s.
    ///
    /// The sources say only that the employer is abroad, never where, so no pair of countries has
    /// data of its own. The pooled rule: the effect measured for the developer's region (shrunk
    /// toward all regions') applies when the business's country pays more than the developer's,
    /// and never lifts pay above the gap between the two countries' levels; a business in a
    /// country that pays the same or less leaves the local market pay as it is.
    private func employerAbroadFactor(developer: Country, business: Country, use: (Int, Double) -> Void) -> (EstimateFactor?, String?) {
        let name = "employer in \(business.name)"
        guard let overall = coefficient(.employerAbroad, Design.allRegions), let evidence = model.employerAbroad else {
            return (
                nil,
                "business in \(business.name): the data in use record no employers abroad, so no remote-hire effect is applied; this is the developer's local market pay"
            )
        }
        let regional = coefficient(.employerAbroad, developer.region.rawValue)
        let national = coefficient(.countryEmployerAbroad, developer.code.alpha2)
        let measured = overall.value + (regional?.value ?? 0) + (national?.value ?? 0)
        let gap = locationLevel(business) - locationLevel(developer)
        let sources = evidence.bySource.sorted { $0.value > $1.value }.map { "\($0.key) \(ReportFormat.number($0.value))" }.joined(separator: ", ")
        let measuredFrom =
            national != nil
            ? "\(developer.name)'s own rows (\(ReportFormat.number(evidence.byCountry?[developer.code.alpha2] ?? 0))), shrunk toward \(developer.region.rawValue)'s"
            : regional == nil
                ? "measured on all regions' rows (none of them \(developer.region.rawValue))"
                : "\(developer.region.rawValue)'s own rows (\(ReportFormat.number(evidence.byRegion[developer.region] ?? 0))), shrunk toward all regions'"
        let base =
            "n=\(ReportFormat.number(evidence.rows)) developers at employers abroad (\(sources)) against \(ReportFormat.number(evidence.localRowsOfTheseSources)) at local employers in the same surveys, "
            + "×\(EstimateFactor.format(exp(measured))) \(measuredFrom); the surveys do not name the employer's country, so this pair of countries has no data of its own"
        guard gap > 0 else {
            return (
                EstimateFactor(
                    name: name,
                    multiplier: 1,
                    standardError: nil,
                    evidence: base
                        + "; \(business.name)'s pay level is not above \(developer.name)'s (×\(EstimateFactor.format(exp(gap)))), so local market pay applies"
                ),
                nil
            )
        }
        if measured > gap {
            return (
                EstimateFactor(
                    name: name,
                    multiplier: exp(gap),
                    standardError: nil,
                    evidence: base
                        + "; capped at the gap between \(developer.name)'s and \(business.name)'s pay levels (×\(EstimateFactor.format(exp(gap))))"
                ),
                "employer in \(business.name): the measured employer-abroad effect is larger than the gap between the two countries' pay levels, so pay is raised to \(business.name)'s level and no further"
            )
        }
        use(overall.column, 1)
        if let regional { use(regional.column, 1) }
        if let national { use(national.column, 1) }
        // The columns are nearly collinear where one region or country holds all rows: the sum's
        // error needs their covariances.
        let n = model.columns.count
        let covariance = model.solution.covariance
        let used = [overall.column] + [regional?.column, national?.column].compactMap { $0 }
        var variance = 0.0
        for a in used { for b in used { variance += covariance[a * n + b] } }
        let error = max(0, variance).squareRoot()
        return (
            EstimateFactor(
                name: name,
                multiplier: exp(measured),
                standardError: exp(measured) * error,
                evidence: base + "; below the gap between the two countries' pay levels (×\(EstimateFactor.format(exp(gap))))"
            ),
            nil
        )
    }

    /// USD → the profile's currency on its date: the rate, the ECB date it is from, and a note when the date is not the asked one.
    private func exchange(_ profile: Profile) throws(ProfileError) -> (rate: Double, date: CalendarDate?, note: String?) {
        guard profile.currency != .usd else { return (1, nil, nil) }
        do {
            let quote = try tables.exchangeRates.quote(from: .usd, to: profile.currency, on: profile.asOf, staleness: 62)
            var note: String?
            if tables.exchangeRates.isPastEnd(profile.asOf) {
                note =
                    "exchange rate of \(quote.date), the newest in RateCard's ECB table, used for \(profile.asOf) (\(profile.asOf.dayNumber - quote.date.dayNumber) days later)"
            } else if profile.asOf.dayNumber - quote.date.dayNumber > 7 {
                note = "the latest ECB rate is from \(quote.date); used for \(profile.asOf)"
            }
            return (quote.rate, quote.date, note)
        } catch {
            throw ProfileError(field: "currency", value: profile.currency.code, message: error.description)
        }
    }

    /// An agency's rate from directory listings: the declared hourly-rate bands of agencies in the
    /// country (shrunk toward its region), at the reference team size. Listings record neither
    /// seniority nor stack, so experience, skills and role do not move it; the note says so.
    private func agencyEstimate(_ profile: Profile, country: Country, answer: MarketAnswer, regionOnly: Bool) throws(ProfileError) -> Estimate {
        let (rate, rateDate, rateNote) = try exchange(profile)
        let minimumCountryQuotes = tables.marketRates.minimumCountryQuotes
        let hoursPerYear = settings.workingTime.hoursPerYear * settings.freelancerUtilisation
        let world = answer.world.logMedian
        let regionLevel = answer.region
        let countryLevel = answer.country
        var factors: [EstimateFactor] = []
        if let regionLevel {
            factors.append(
                EstimateFactor(
                    name: "region \(country.region.rawValue)",
                    multiplier: exp(regionLevel.logMedian - world),
                    standardError: nil,
                    evidence:
                        "agency listings n=\(ReportFormat.number(regionLevel.quotes)) vs the world median of \(ReportFormat.number(answer.world.quotes))"
                )
            )
        }
        if !regionOnly {
            if let countryLevel {
                factors.append(
                    EstimateFactor(
                        name: "country \(country.name)",
                        multiplier: exp(countryLevel.logMedian - (regionLevel?.logMedian ?? world)),
                        standardError: nil,
                        evidence:
                            "n=\(ReportFormat.number(countryLevel.quotes)) listings\(countryLevel.quotes < minimumCountryQuotes ? ", shrunk toward the region" : ", partially pooled with the region")"
                    )
                )
            } else {
                factors.append(
                    EstimateFactor(name: "country \(country.name)", multiplier: 1, standardError: nil, evidence: "no listing: region level used")
                )
            }
        }
        if let size = answer.teamSize {
            factors.append(
                EstimateFactor(
                    name: "team size \(size.rawValue)",
                    multiplier: answer.teamSizeMultiplier,
                    standardError: nil,
                    evidence: "listings' rate by agency head count; \(AgencyTeamSize.reference.rawValue) people is the reference"
                )
            )
        }
        // The median's uncertainty: the posterior variance of a shrunk mean.
        let spread = answer.level == .world ? answer.world.logSpread : (regionLevel?.logSpread ?? answer.world.logSpread)
        let quotes = Double(max(1, answer.level == .world ? answer.world.quotes : (countryLevel?.quotes ?? regionLevel?.quotes ?? 1)))
        let priorVariance = answer.poolingVariance
        let standardError = (1 / (quotes / (spread * spread) + 1 / max(priorVariance, 1e-6))).squareRoot()
        let median = answer.hourly.p50
        let interval = [median * exp(-1.96 * standardError), median * exp(1.96 * standardError)].map { ($0 * rate * 100).rounded() / 100 }
        let hourly = PayRange(answer.hourly.values.map { $0 * rate }).scaled(by: 1)
        let annual = PayRange(answer.hourly.values.map { $0 * rate * hoursPerYear }).scaled(by: 1)
        // The listings are fitted jointly, so they count as one source; its files are in the evidence and data years.
        let contributions = [
            SourceContribution(
                source: "agency listings (" + answer.sources.map(\.name).joined(separator: ", ") + ")",
                weight: 1,
                observations: answer.quotes,
                hourlyMedian: hourly.p50
            )
        ]
        var yearWeights: [Int: Double] = [:]
        for source in answer.sources { yearWeights[source.observedOn.year, default: 0] += Double(source.quotes) }
        var notes = [
            "agency rates are the hourly-rate bands agencies declare in Clutch and GoodFirms listings, fitted as intervals; listings record neither seniority nor stack, so experience, skills and role do not change this answer"
        ]
        if answer.level != .country && !regionOnly {
            notes.append(
                "\(country.name): \(answer.countryQuotes) agency listings, fewer than \(minimumCountryQuotes); leaning on \(answer.groupName)"
            )
        }
        if let rateNote { notes.append(rateNote) }
        let confidence = answer.level == .country ? (answer.quotes >= 100 ? "high" : "medium") : "low"
        return Estimate(
            profile: profile,
            countryName: country.name,
            region: country.region,
            years: profile.years ?? profile.level.map(settings.levels.typicalYears) ?? settings.referenceYears,
            currency: profile.currency,
            exchangeRate: rate,
            exchangeRateDate: rateDate,
            hourly: hourly,
            daily: PayRange(answer.hourly.values.map { $0 * rate * settings.workingTime.hoursPerDay }).scaled(by: 1),
            monthly: PayRange(annual.values.map { $0 / 12 }).scaled(by: 1),
            annual: annual,
            hoursPerYear: hoursPerYear,
            medianInterval: interval,
            sampleSize: answer.quotes,
            effectiveSampleSize: Double(answer.quotes),
            fallbackLevel: answer.level,
            fallbackGroup: answer.level == .country ? country.name : answer.groupName,
            sources: contributions,
            dataYears: DataYears(weights: yearWeights, asOf: profile.asOf),
            confidence: confidence,
            baseHourly: (exp(world) * rate * 100).rounded() / 100,
            factors: factors,
            skills: [],
            costOfLiving: regionOnly ? nil : costOfLiving(country: country, asOf: profile.asOf),
            marketDemand: nil,
            notes: notes,
            modelAsOf: model.asOf,
            dataVersion: model.dataVersion,
            baseDescription: "world median of agency listings, \(AgencyTeamSize.reference.rawValue) people"
        )
    }

    /// World Bank PPP beside the estimate: the price level relative to the US.
    func costOfLiving(country: Country, asOf: CalendarDate) -> CostOfLiving? {
        guard let (factor, year) = tables.ppp.factor(for: country.code, year: asOf.year) else { return nil }
        var priceLevel: Double?
        if country.code.alpha2 == "US" {
            priceLevel = 1
        } else if let currency = country.currency, let midYear = CalendarDate(year: year, month: 7, day: 1),
            let quote = try? tables.exchangeRates.quote(from: .usd, to: currency, on: midYear, staleness: 10)
        {
            priceLevel = factor / quote.rate
        }
        return CostOfLiving(pppFactor: factor, priceLevel: priceLevel, year: year)
    }
}
