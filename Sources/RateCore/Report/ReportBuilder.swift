import Foundation

/// Why a report cannot be produced as asked.
public enum ReportError: Error, Sendable, CustomStringConvertible, Equatable {
    case unknownRegion(String)
    case unknownSkill(String)
    case unknownCountry(String)
    case noData(String)
    case emptySelection(String)

    public var description: String {
        switch self {
        case let .unknownRegion(text): "'\(text)' is not a RateCard region; use one of \(RateCardRegion.allCases.map(\.slug).joined(separator: ", "))"
        case let .unknownSkill(text): "no skill '\(text)' has enough observations for a premium; `ratecard report skills` lists those that do"
        case let .unknownCountry(text): "'\(text)' is not a country RateCard knows"
        case let .noData(text): text
        case let .emptySelection(text): "the selection is empty: \(text)"
        }
    }
}

/// The pay period a report shows.
public enum ReportPeriod: String, Sendable, Codable, CaseIterable {
    case hourly, daily, monthly, annual

    func range(of estimate: Estimate) -> PayRange {
        switch self {
        case .hourly: estimate.hourly
        case .daily: estimate.daily
        case .monthly: estimate.monthly
        case .annual: estimate.annual
        }
    }

    var isSmall: Bool { self == .hourly || self == .daily }
}

/// Builds report values from a fitted model. Every number comes from estimates, none is a constant.
public struct ReportBuilder: Sendable {
    public let estimator: Estimator
    private var model: RateModel { estimator.model }
    private var tables: ReferenceTables { estimator.tables }

    public init(estimator: Estimator) {
        self.estimator = estimator
    }

    /// Rows of a role in a group.
    func rows(_ scope: GroupScope, role: Role) -> Int { model.rows(in: scope, role: role) }

    /// The region's country with the most observations, used as the anchor of a region-wide estimate.
    func anchor(for region: RateCardRegion) -> CountryCode? {
        if region == .northAmerica { return CountryCode("US") }
        return model.countriesWithRows
            .filter { tables.countries[$0]?.region == region }
            .max { (model.rows(in: .country($0)), $1.alpha2) < (model.rows(in: .country($1)), $0.alpha2) }
    }

    static func sourcesText(_ estimate: Estimate) -> String {
        estimate.sources.filter { $0.weight >= 0.005 }.map { "\($0.source) \(Int(($0.weight * 100).rounded())) %" }.joined(separator: ", ")
    }

    func profileLabel(_ template: Profile) -> String {
        let years =
            template.years.map { "\(ReportFormat.number($0, decimals: $0 == $0.rounded() ? 0 : 1)) years" } ?? template.level.map {
                "\($0.rawValue) level"
            } ?? "5 years"
        let skills = template.skills.isEmpty ? "" : ", \(template.skills.joined(separator: ", "))"
        return "\(template.role.rawValue) \(template.hire.rawValue), \(years)\(skills)"
    }

    static func rangeColumns(_ period: ReportPeriod, _ currency: String, countTitle: String = "n") -> [ReportTable.Column] {
        [
            .init("Average range (P25–P75)", key: "p25_p75"),
            .init("P25", key: "p25_\(period.rawValue)", numeric: true),
            .init("Median", key: "p50_\(period.rawValue)", numeric: true),
            .init("P75", key: "p75_\(period.rawValue)", numeric: true),
            .init("Top-end (P90)", key: "p90_\(period.rawValue)", numeric: true),
            .init(countTitle, key: "n", numeric: true),
            .init("Sources", key: "sources"),
        ]
    }

    func rangeCells(_ estimate: Estimate, period: ReportPeriod) -> [ReportCell] {
        let range = period.range(of: estimate)
        let small = period.isSmall
        let symbol = estimate.currency.code == "USD" ? "$" : estimate.currency.code + " "
        return [
            ReportCell("\(symbol)\(ReportFormat.money(range.p25, hourly: small)) – \(ReportFormat.money(range.p75, hourly: small))"),
            .number(range.p25, decimals: small ? 2 : 0), .number(range.p50, decimals: small ? 2 : 0), .number(range.p75, decimals: small ? 2 : 0),
            .number(range.p90, decimals: small ? 2 : 0), .number(Double(estimate.sampleSize)), ReportCell(Self.sourcesText(estimate)),
        ]
    }

    /// One row per RateCard region (and optionally per country inside it).
    public func regions(template: Profile, period: ReportPeriod = .hourly, byCountry: Bool = false, only: [RateCardRegion]? = nil) throws -> Report {
        let regions = only ?? RateCardRegion.allCases
        guard !regions.isEmpty else { throw ReportError.emptySelection("no region chosen") }
        var tableRows: [[ReportCell]] = []
        var chartRows: [Chart.RangeBars.Row] = []
        var footnotes: [String] = []
        var currency = template.currency.code
        let listings = template.hire == .agency ? tables.marketRates.fit(for: .agencyListings) : nil
        for region in regions {
            guard
                let anchor = listings.flatMap({ fit in
                    fit.countries.filter { $0.region == region }.max { ($0.level.quotes, $1.country) < ($1.level.quotes, $0.country) }?.country
                }) ?? anchor(for: region)
            else {
                tableRows.append([ReportCell(region.rawValue), ReportCell("no data")] + Array(repeating: ReportCell("–"), count: 6))
                continue
            }
            var profile = template
            profile.country = anchor
            profile.city = nil
            let estimate = try estimator.estimate(profile, regionOnly: true)
            currency = estimate.currency.code
            // Listings are published prices, not people: no privacy floor, only a listing count.
            let n = listings == nil ? rows(.region(region), role: template.role) : estimate.sampleSize
            if listings == nil && n < model.settings.privacyMinimum {
                tableRows.append([ReportCell(region.rawValue), .hidden] + Array(repeating: ReportCell.hidden, count: 6))
                continue
            }
            tableRows.append([ReportCell(region.rawValue)] + rangeCells(estimate, period: period))
            chartRows.append(.init(label: region.rawValue, values: period.range(of: estimate).values))
            if byCountry {
                let countryCount = { (code: CountryCode) -> Int in
                    guard let listings else { return self.rows(.country(code), role: template.role) }
                    return listings.countries.first { $0.country == code }?.level.quotes ?? 0
                }
                let minimum = listings == nil ? model.settings.minimumGroupObservations : tables.marketRates.minimumCountryQuotes
                let countries = tables.countries.countries(in: region).filter { countryCount($0.code) >= minimum }
                var countryRows: [(Double, [ReportCell])] = []
                for country in countries {
                    var profile = template
                    profile.country = country.code
                    profile.city = nil
                    let estimate = try estimator.estimate(profile)
                    countryRows.append((period.range(of: estimate).p50, [ReportCell("  \(country.name)")] + rangeCells(estimate, period: period)))
                }
                tableRows += countryRows.sorted { $0.0 > $1.0 }.map(\.1)
                let hidden = tables.countries.countries(in: region).filter {
                    let n = countryCount($0.code)
                    return n > 0 && n < minimum
                }.count
                let unit = listings == nil ? "\(template.role.rawValue) observations" : "agency listings"
                if hidden > 0 {
                    footnotes.append(
                        "\(region.rawValue): \(hidden) more \(hidden == 1 ? "country has" : "countries have") fewer than \(minimum) \(unit) and \(hidden == 1 ? "is" : "are") counted in the region only."
                    )
                }
            }
        }
        if let listings {
            let sources = listings.sources.map { "\($0.name) (\($0.observedOn), \(ReportFormat.number($0.quotes)))" }.joined(separator: ", ")
            footnotes.insert(
                "Agency rates are the hourly-rate bands agencies declare in directory listings (\(sources)), fitted as intervals with countries pooled toward their region, at a team size of \(AgencyTeamSize.reference.rawValue) people. n is the number of listings; experience and skills do not change agency rates (listings do not record them).",
                at: 0
            )
        } else {
            footnotes.insert(
                "Ranges are pay of people with this profile, not confidence intervals. n is the number of observations the estimate leans on; groups under \(model.settings.privacyMinimum) are never shown.",
                at: 0
            )
        }
        let unit = "\(currency) per \(period == .hourly ? "hour" : period == .daily ? "day" : period == .monthly ? "month" : "year")"
        let chart = Chart.rangeBars(
            .init(
                title: "Pay by region (\(unit))",
                summary:
                    "Range bars of \(period.rawValue) pay for a \(profileLabel(template)) in each RateCard region: P10–P90 whiskers, P25–P75 box, median tick.",
                unit: currency,
                rows: chartRows
            )
        )
        return Report(
            kind: "regions",
            title: "What a \(template.role.rawValue) developer costs, by region",
            subtitle: "\(profileLabel(template)); \(unit); as of \(template.asOf)",
            sections: [
                ReportSection(
                    table: ReportTable(
                        columns: [.init("Region", key: "region")]
                            + Self.rangeColumns(period, currency, countTitle: listings == nil ? "n" : "Listings"),
                        rows: tableRows
                    ),
                    chart: chart
                )
            ],
            footnotes: footnotes,
            sources: listings == nil
                ? sourceNames() : listings!.sources.map { "\($0.name), observed \($0.observedOn) (\(ReportFormat.number($0.quotes)) listings used)" }
        )
    }

    /// Entry, mid, senior and lead in a country (or region), with the experience curve.
    public func experience(template: Profile, region: RateCardRegion? = nil, period: ReportPeriod = .hourly) throws -> Report {
        var profile = template
        let regionOnly = region != nil
        if let region {
            guard let anchor = anchor(for: region) else { throw ReportError.noData("no observations in \(region.rawValue)") }
            profile.country = anchor
        } else if rows(.country(template.country), role: template.role) == 0 && model.rows(in: .country(template.country)) == 0 {
            throw ReportError.noData(
                "no observations for \(tables.countries[template.country]?.name ?? template.country.alpha2); try its region with --region"
            )
        }
        let scopeName = region?.rawValue ?? tables.countries[template.country]?.name ?? template.country.alpha2
        var tableRows: [[ReportCell]] = []
        var medians: [ExperienceLevel: Double] = [:]
        var currency = template.currency.code
        for level in ExperienceLevel.allCases {
            profile.years = model.settings.levels.typicalYears(for: level)
            profile.level = level
            let estimate = try estimator.estimate(profile, regionOnly: regionOnly)
            currency = estimate.currency.code
            medians[level] = period.range(of: estimate).p50
            let bounds = model.settings.levels
            let span: String =
                switch level {
                case .entry: "< \(ReportFormat.number(bounds.mid)) y"
                case .mid: "\(ReportFormat.number(bounds.mid))–\(ReportFormat.number(bounds.senior)) y"
                case .senior: "\(ReportFormat.number(bounds.senior))–\(ReportFormat.number(bounds.lead)) y"
                case .lead: "\(ReportFormat.number(bounds.lead))+ y"
                }
            tableRows.append([ReportCell("\(level.rawValue) (\(span))")] + rangeCells(estimate, period: period))
        }
        var points: [[Double]] = []
        var lower: [[Double]] = []
        var upper: [[Double]] = []
        for years in stride(from: 0.0, through: 25, by: 1) {
            profile.years = years
            profile.level = nil
            let range = period.range(of: try estimator.estimate(profile, regionOnly: regionOnly))
            points.append([years, range.p50])
            lower.append([years, range.p25])
            upper.append([years, range.p75])
        }
        let ratio = (medians[.senior] ?? 0) / max(medians[.entry] ?? 1, 0.01)
        let chart = Chart.lines(
            .init(
                title: "Experience curve, \(scopeName) (\(currency) per \(period.rawValue.replacingOccurrences(of: "ly", with: "")))",
                summary: "Median, P25 and P75 \(period.rawValue) pay by years of experience in \(scopeName), from 0 to 25 years.",
                xLabel: "years of experience",
                yLabel: "\(currency) \(period.rawValue)",
                series: [.init(name: "P75", points: upper), .init(name: "median", points: points), .init(name: "P25", points: lower)]
            )
        )
        return Report(
            kind: "experience",
            title: "Pay by experience: \(scopeName)",
            subtitle: "\(template.role.rawValue) \(template.hire.rawValue); \(currency) \(period.rawValue); as of \(template.asOf)",
            sections: [
                ReportSection(
                    paragraphs: ["A senior developer costs \(ReportFormat.number(ratio, decimals: 2))× an entry-level one in \(scopeName)."],
                    table: ReportTable(columns: [.init("Level", key: "level")] + Self.rangeColumns(period, currency), rows: tableRows),
                    chart: chart
                )
            ],
            footnotes: [
                "Each level is estimated at its typical years (\(ExperienceLevel.allCases.map { "\($0.rawValue) \(ReportFormat.number(model.settings.levels.typicalYears(for: $0), decimals: 1))" }.joined(separator: ", "))). The curve is monotone by construction."
            ],
            sources: sourceNames()
        )
    }

    /// Skill premiums with standard errors and rarity, controlled for location and experience.
    public func skills(only: [String] = [], minimumObservations: Int? = nil) throws -> Report {
        let index = model.columnIndex()
        var entries = model.columns.enumerated().filter { $0.element.kind == .skill }.map { position, column in
            (
                name: column.name, multiplier: exp(model.solution.coefficients[position]),
                error: exp(model.solution.coefficients[position]) * model.solution.standardErrors[position],
                rows: model.skillRows[column.name] ?? 0, share: model.skillShare[column.name] ?? 0
            )
        }
        if !only.isEmpty {
            var chosen: [String] = []
            for text in only {
                let name = tables.skills.resolve(text)?.name ?? text
                guard index[ModelColumn(.skill, name)] != nil else { throw ReportError.unknownSkill(text) }
                chosen.append(name)
            }
            entries = entries.filter { chosen.contains($0.name) }
        }
        if let minimumObservations { entries = entries.filter { $0.rows >= minimumObservations } }
        guard !entries.isEmpty else { throw ReportError.emptySelection("no skill has enough observations") }
        entries.sort { ($0.multiplier, $1.name) > ($1.multiplier, $0.name) }
        let tableRows = entries.map { entry in
            [
                ReportCell(entry.name), ReportCell("×" + ReportFormat.number(entry.multiplier, decimals: 3), value: entry.multiplier),
                ReportCell("± " + ReportFormat.number(entry.error, decimals: 3), value: entry.error),
                ReportCell(ReportFormat.percent(entry.share, decimals: 1), value: entry.share), .number(Double(entry.rows)),
            ]
        }
        let chart = Chart.rangeBars(
            .init(
                title: "Skill premiums (multiplier on pay, ±2 standard errors)",
                summary: "Premium of each skill on pay, controlled for location and experience, with a box of ±1 and whiskers of ±2 standard errors.",
                unit: "×",
                rows: entries.prefix(25).map {
                    .init(
                        label: $0.name,
                        values: [
                            $0.multiplier - 2 * $0.error, $0.multiplier - $0.error, $0.multiplier, $0.multiplier + $0.error,
                            $0.multiplier + 2 * $0.error,
                        ]
                    )
                }
            )
        )
        return Report(
            kind: "skills",
            title: "Skill premiums",
            subtitle:
                "Multiplier on pay for having the skill, controlled for location, experience, role and source; skills with at least \(model.settings.minimumSkillObservations) observations",
            sections: [
                ReportSection(
                    table: ReportTable(
                        columns: [
                            .init("Skill", key: "skill"), .init("Premium", key: "premium", numeric: true),
                            .init("Std. error", key: "standard_error", numeric: true),
                            .init("Rarity (share)", key: "share", numeric: true), .init("n", key: "n", numeric: true),
                        ],
                        rows: tableRows
                    ),
                    chart: chart
                )
            ],
            footnotes: [
                "A premium below 1 means lower pay than otherwise equal profiles without the skill. Premiums are shrunk toward 1 where data are thin."
            ],
            sources: sourceNames()
        )
    }

    /// The same profile estimated from each source alone, side by side.
    public func sources(template: Profile, period: ReportPeriod = .hourly) throws -> Report {
        let combined = try estimator.estimate(template)
        var tableRows: [[ReportCell]] = [
            [ReportCell("all sources combined")] + rangeCells(combined, period: period) + [.number(Double(combined.sampleSize))]
        ]
        var chartRows: [Chart.RangeBars.Row] = [.init(label: "combined", values: period.range(of: combined).values)]
        var medians: [Double] = []
        for contribution in combined.sources where contribution.weight > 0 {
            let alone = try estimator.estimate(template, onlySource: contribution.source)
            tableRows.append([ReportCell(contribution.source)] + rangeCells(alone, period: period) + [.number(Double(contribution.observations))])
            chartRows.append(.init(label: contribution.source, values: period.range(of: alone).values))
            medians.append(period.range(of: alone).p50)
        }
        let spread = (medians.max() ?? 0) / max(medians.min() ?? 1, 0.01)
        let name = tables.countries[template.country]?.name ?? template.country.alpha2
        return Report(
            kind: "sources",
            title: "What each source says: \(name)",
            subtitle: "\(profileLabel(template)); \(combined.currency.code) \(period.rawValue); as of \(template.asOf)",
            sections: [
                ReportSection(
                    paragraphs: [
                        medians.count > 1
                            ? "The sources' medians differ by a factor of \(ReportFormat.number(spread, decimals: 2)) (highest over lowest)."
                            : "Only one source covers this profile."
                    ],
                    table: ReportTable(
                        columns: [.init("Source", key: "source")] + Self.rangeColumns(period, combined.currency.code)
                            + [.init("Its rows", key: "source_rows", numeric: true)],
                        rows: tableRows
                    ),
                    chart: .rangeBars(
                        .init(
                            title: "Estimates by source (\(combined.currency.code) \(period.rawValue))",
                            summary: "The profile estimated from each source alone and combined.",
                            unit: combined.currency.code,
                            rows: chartRows
                        )
                    )
                )
            ],
            footnotes: [
                "n is the observations of the group leaned on, all sources together; \"its rows\" are the source's own among them (a published distribution counts as one). The share in Sources weighs recent waves more. Each source's own estimate applies its measured offset (net DOU pay, banded 2016 survey...) to the common model."
            ],
            sources: sourceNames()
        )
    }

    /// Cities within a country: OEWS metro areas in the US, fitted city effects elsewhere.
    public func cities(template: Profile, period: ReportPeriod = .hourly, limit: Int = 20) throws -> Report {
        let country = template.country
        let name = tables.countries[country]?.name ?? country.alpha2
        var tableRows: [[ReportCell]] = []
        var chartRows: [Chart.RangeBars.Row] = []
        var footnotes: [String] = []
        if country.alpha2 == "US", let occupation = Estimator.occupationForRole[template.role] {
            let cells = model.oews.filter { $0.occupationCode == occupation && $0.areaType == "M" && $0.hourly.allSatisfy { $0 != nil } }
                .sorted { ($0.employment ?? 0, $1.areaName) > ($1.employment ?? 0, $0.areaName) }.prefix(limit)
            guard !cells.isEmpty else { throw ReportError.noData("no BLS OEWS metro data for this role") }
            let combined = try estimator.estimate(template)
            let factor = combined.exchangeRate * (period == .hourly ? 1 : period == .daily ? 8 : period == .monthly ? 2080.0 / 12 : 2080)
            for cell in cells.sorted(by: { ($0.hourly[2] ?? 0) > ($1.hourly[2] ?? 0) }) {
                let values = cell.hourly.map { ($0 ?? 0) * factor }
                tableRows.append([
                    ReportCell(cell.areaName),
                    ReportCell(ReportFormat.money(values[1], hourly: period.isSmall) + " – " + ReportFormat.money(values[3], hourly: period.isSmall)),
                    .number(values[1], decimals: 2), .number(values[2], decimals: 2), .number(values[3], decimals: 2),
                    .number(values[4], decimals: 2),
                    .number(Double(cell.employment ?? 0)), ReportCell("BLS OEWS \(cell.observedOn.year)"),
                ])
                chartRows.append(.init(label: cell.areaName.count > 34 ? String(cell.areaName.prefix(33)) + "…" : cell.areaName, values: values))
            }
            footnotes.append(
                "Published BLS OEWS May 2025 percentiles for \(cells.first?.occupationName ?? occupation), all experience levels, the \(limit) metro areas with most employment; n is BLS's employment estimate."
            )
        } else {
            let index = model.columnIndex()
            for (cityKey, rows) in model.cities(in: country, role: template.role).sorted(by: { $0.cityKey < $1.cityKey }) {
                guard rows >= model.settings.minimumGroupObservations,
                    index[ModelColumn(.city, "\(country.alpha2)|\(cityKey)")] != nil
                else { continue }
                var profile = template
                profile.city = cityKey
                let estimate = try estimator.estimate(profile)
                let label = estimate.fallbackGroup
                tableRows.append([ReportCell(label)] + rangeCells(estimate, period: period))
                chartRows.append(.init(label: label, values: period.range(of: estimate).values))
            }
            guard !tableRows.isEmpty else {
                throw ReportError.noData(
                    "no city in \(name) has \(model.settings.minimumGroupObservations) or more \(template.role.rawValue) observations"
                )
            }
            let order = tableRows.indices.sorted { (tableRows[$0][3].value ?? 0) > (tableRows[$1][3].value ?? 0) }
            tableRows = order.map { tableRows[$0] }
            chartRows = order.map { chartRows[$0] }
        }
        let currency = template.currency.code
        return Report(
            kind: "cities",
            title: "Pay by city: \(name)",
            subtitle: "\(profileLabel(template)); \(currency) \(period.rawValue); as of \(template.asOf)",
            sections: [
                ReportSection(
                    table: ReportTable(columns: [.init("City", key: "city")] + Self.rangeColumns(period, currency), rows: tableRows),
                    chart: .rangeBars(
                        .init(
                            title: "Pay by city, \(name) (\(currency) \(period.rawValue))",
                            summary: "Range bars per city.",
                            unit: currency,
                            rows: chartRows
                        )
                    )
                )
            ],
            footnotes: footnotes + ["Cities with fewer than \(model.settings.minimumGroupObservations) observations are not shown."],
            sources: sourceNames()
        )
    }

    /// The market rates in use for agencies (listings) or freelancers (the global marketplace): world,
    /// each region and, by country, every country with enough quotes, in USD per hour converted to
    /// the template's currency, each with its number of quotes and the data sets behind it.
    public func rates(template: Profile, byCountry: Bool = false) throws -> Report {
        let channel: MarketChannel
        switch template.hire {
        case .agency: channel = .agencyListings
        case .freelancer: channel = .freelanceMarketplace
        case .employee:
            throw ReportError.emptySelection("the rates report needs employment agency or freelancer; employee pay is in the regions report")
        }
        let market = estimator.tables.marketRates
        guard let fit = market.channels.first(where: { $0.channel == channel }) else {
            throw ReportError.noData("no \(channel.description) rates are loaded; fit them with `ratecard market fit`")
        }
        let currency = template.currency
        var rate = 1.0
        if currency != .usd {
            guard let quote = try? estimator.tables.exchangeRates.quote(from: .usd, to: currency, on: template.asOf, staleness: 62) else {
                throw ReportError.noData("no ECB rate for \(currency.code) on \(template.asOf)")
            }
            rate = quote.rate
        }
        let symbol = currency == .usd ? "$" : currency.code + " "
        let sources = fit.sources.map { "\($0.name) (\($0.observedOn))" }.joined(separator: "; ")
        let channelName = channel.description.prefix(1).uppercased() + channel.description.dropFirst()
        var chartRows: [Chart.RangeBars.Row] = []
        func row(_ label: String, _ level: MarketLevel) -> [ReportCell] {
            let range = level.hourlyRange.values.map { $0 * rate }
            chartRows.append(.init(label: label, values: range))
            return [
                ReportCell(label),
                ReportCell("\(symbol)\(ReportFormat.money(range[1], hourly: true)) – \(ReportFormat.money(range[3], hourly: true))"),
                .number(range[1], decimals: 2), .number(range[2], decimals: 2), .number(range[3], decimals: 2), .number(range[4], decimals: 2),
                .number(Double(level.quotes)), ReportCell(sources),
            ]
        }
        var rows =
            [row("World", fit.world)] + fit.regions.sorted { $0.level.logMedian > $1.level.logMedian }.map { row($0.region.rawValue, $0.level) }
        var footnotes = ["\(channelName): \(ReportFormat.number(fit.world.quotes)) quotes. \(market.method)"]
        if byCountry {
            let countries = fit.countries.filter { $0.level.quotes >= market.minimumCountryQuotes }.sorted { $0.level.logMedian > $1.level.logMedian }
            rows += countries.map { country in
                row(estimator.tables.countries.resolve(country.country.alpha2)?.name ?? country.country.alpha2, country.level)
            }
            footnotes.append(
                "Countries with \(market.minimumCountryQuotes) or more quotes, each shrunk toward its region; the others answer at their region's rate."
            )
        }
        if let reference = fit.referenceTeamSize, channel == .agencyListings {
            footnotes.append(
                "Agencies of \(reference.rawValue) people; other team sizes: "
                    + fit.teamSizeMultipliers.sorted { $0.key < $1.key }
                    .map { "\($0.key.rawValue) ×\(ReportFormat.number($0.value, decimals: 2))" }.joined(separator: ", ") + "."
            )
        }
        if channel == .freelanceMarketplace {
            footnotes.append(
                "Asking rates on a global marketplace, not what local contractors earn: for those, `report regions --employment freelancer` (survey freelancers and contractors)."
            )
        }
        let columns: [ReportTable.Column] = [
            .init(byCountry ? "Region or country" : "Region", key: "group"), .init("Average range (P25–P75)", key: "p25_p75"),
            .init("P25", key: "p25_hourly", numeric: true), .init("Median", key: "p50_hourly", numeric: true),
            .init("P75", key: "p75_hourly", numeric: true), .init("Top-end (P90)", key: "p90_hourly", numeric: true),
            .init("n", key: "n", numeric: true), .init("Sources", key: "sources"),
        ]
        return Report(
            kind: "rates",
            title: channel == .agencyListings ? "Agency rates from listings" : "Freelance marketplace rates",
            subtitle: "\(currency.code) per hour; \(sources)",
            sections: [
                ReportSection(
                    table: ReportTable(columns: columns, rows: rows),
                    chart: .rangeBars(
                        .init(
                            title: "\(channelName), \(currency.code) per hour",
                            summary: "Range bars of hourly rates per group.",
                            unit: currency.code,
                            rows: chartRows
                        )
                    )
                )
            ],
            footnotes: footnotes,
            sources: fit.sources.map(\.name)
        )
    }

    /// Employee against freelancer against agency, itemised.
    public static func costReport(_ comparison: CostComparison) -> Report {
        let currency = comparison.currency.code
        let options = comparison.options
        var categories: [CostLine.Category: [String]] = [:]
        var rows: [[ReportCell]] = []
        // One row per line item of the employee, then the contractors' fees.
        for line in comparison.employee.lines {
            categories[line.category, default: []].append(line.name)
            rows.append([ReportCell(line.name), .number(line.annual), ReportCell("–"), ReportCell("–"), ReportCell(line.note ?? "")])
        }
        rows.append([
            ReportCell("Fees (rate × hours)"), ReportCell("–"), .number(comparison.freelancer.totalAnnual), .number(comparison.agency.totalAnnual),
            ReportCell(
                "freelancer \(ReportFormat.number(comparison.freelancer.perHourWorked, decimals: 2)) and agency \(ReportFormat.number(comparison.agency.perHourWorked, decimals: 2)) \(currency)/h"
            ),
        ])
        rows.append([ReportCell("Total per year")] + options.map { .number($0.totalAnnual) } + [ReportCell("")])
        rows.append([ReportCell("Hours of work")] + options.map { .number($0.hoursWorked) } + [ReportCell(Self.hoursNote(comparison))])
        rows.append([ReportCell("Cost per hour worked")] + options.map { .number($0.perHourWorked, decimals: 2) } + [ReportCell("")])
        rows.append(
            [ReportCell("Against in-house (same work)")]
                + options.map { option in
                    option.option == .employee
                        ? ReportCell("–")
                        : ReportCell(
                            (option.differenceAnnual >= 0 ? "+" : "") + ReportFormat.number(option.differenceAnnual) + " ("
                                + (option.differenceShare >= 0 ? "+" : "") + ReportFormat.percent(option.differenceShare) + ")",
                            value: option.differenceAnnual
                        )
                } + [ReportCell("positive: costs more than the employee")]
        )
        if let takeHome = comparison.takeHome {
            rows.append([
                ReportCell("Employee's take-home pay (approx.)"), .number(takeHome.annual), ReportCell("–"), ReportCell("–"),
                ReportCell("\(ReportFormat.percent(takeHome.shareOfGross)) of annual gross; \(takeHome.note)"),
            ])
        }
        let bars = options.map { option in
            Chart.StackedBars.Bar(
                label: option.option.rawValue,
                segments: option.option == .employee
                    ? Dictionary(grouping: option.lines, by: \.category).sorted { $0.key.rawValue < $1.key.rawValue }.map {
                        .init(name: $0.key.rawValue, value: CostCalculator.round($0.value.reduce(0) { $0 + $1.annual }))
                    }
                    : [.init(name: "fees", value: option.totalAnnual)]
            )
        }
        return Report(
            kind: "cost",
            title: "Total cost of hire: \(comparison.countryName)",
            subtitle: "Per year and per hour worked, \(currency); employer costs as of \(comparison.costAsOf)",
            sections: [
                ReportSection(
                    table: ReportTable(
                        columns: [
                            .init("Item", key: "item"), .init("Employee", key: "employee", numeric: true),
                            .init("Freelancer", key: "freelancer", numeric: true),
                            .init("Agency", key: "agency", numeric: true), .init("Note", key: "note"),
                        ],
                        rows: rows
                    ),
                    chart: .stackedBars(
                        .init(
                            title: "Yearly cost by hire type (\(currency))",
                            summary: "Stacked cost components of an employee against freelancer and agency fees for the same hours of work.",
                            unit: currency,
                            bars: bars
                        )
                    )
                )
            ],
            footnotes: ["Employer costs: \(comparison.costSource)."] + comparison.caveats
                + (comparison.takeHome.map { ["Take-home pay: \($0.source); not part of the cost, shown beside it."] } ?? []),
            sources: comparison.dataSources
        )
    }

    /// A team priced in several scenarios side by side: each member line, the cost lines by category,
    /// totals, hours and cost per hour worked, and the difference against the first scenario.
    public static func teamCostReport(_ team: TeamCostComparison) -> Report {
        let currency = team.currency.code
        let scenarios = team.scenarios
        var rows: [[ReportCell]] = []
        for (index, member) in team.members.enumerated() {
            rows.append(
                [ReportCell(member.label)] + scenarios.map { .number($0.memberTotals[index]) } + [ReportCell("per year, all \(member.count)")]
            )
        }
        for category in CostLine.Category.allCases {
            let values = scenarios.map { scenario in scenario.lines.first { $0.category == category }?.annual }
            guard values.contains(where: { $0 != nil }) else { continue }
            rows.append([ReportCell(category.teamLabel)] + values.map { $0.map { ReportCell.number($0) } ?? ReportCell("–") } + [ReportCell("")])
        }
        rows.append([ReportCell("Total per year")] + scenarios.map { .number($0.totalAnnual) } + [ReportCell("\(team.headcount) people")])
        rows.append(
            [ReportCell("Hours of work")] + scenarios.map { .number($0.hoursWorked) } + [ReportCell("the team's hours actually worked in a year")]
        )
        rows.append([ReportCell("Cost per hour worked")] + scenarios.map { .number($0.perHourWorked, decimals: 2) } + [ReportCell("")])
        if let first = scenarios.first {
            rows.append(
                [ReportCell("Against scenario 1 (same work)")]
                    + scenarios.enumerated().map { index, scenario in
                        index == 0
                            ? ReportCell("–")
                            : ReportCell(
                                (scenario.differenceAnnual >= 0 ? "+" : "") + ReportFormat.number(scenario.differenceAnnual) + " ("
                                    + (scenario.differenceShare >= 0 ? "+" : "") + ReportFormat.percent(scenario.differenceShare) + ")",
                                value: scenario.differenceAnnual
                            )
                    } + [ReportCell("positive: costs more than \(first.label)")]
            )
        }
        let bars = scenarios.map { scenario in
            Chart.StackedBars.Bar(label: scenario.label, segments: scenario.lines.map { .init(name: $0.category.rawValue, value: $0.annual) })
        }
        var footnotes = scenarios.filter { !$0.costSource.isEmpty }.map { "\($0.label): employer costs from \($0.costSource)." }
        footnotes += scenarios.flatMap(\.caveats).uniquedInOrder()
        footnotes.append(
            "Each person is estimated as in `ratecard estimate` for the scenario's country and hire type, and costed as in `ratecard cost`."
        )
        return Report(
            kind: "team-cost",
            title: "Team cost: \(team.headcount) people in \(scenarios.count) scenarios",
            subtitle: "Per year and per hour worked, \(currency)",
            sections: [
                ReportSection(
                    table: ReportTable(
                        columns: [.init("Item", key: "item")]
                            + scenarios.enumerated().map { .init($1.label, key: "scenario_\($0 + 1)", numeric: true) }
                            + [.init("Note", key: "note")],
                        rows: rows
                    ),
                    chart: .stackedBars(
                        .init(
                            title: "Yearly team cost by scenario (\(currency))",
                            summary: "Stacked cost components of the team in each scenario.",
                            unit: currency,
                            bars: bars
                        )
                    )
                )
            ],
            footnotes: footnotes,
            sources: scenarios.flatMap(\.dataSources).uniquedInOrder()
        )
    }

    static func hoursNote(_ comparison: CostComparison) -> String {
        let timeOff = comparison.timeOff
        return "employee: \(ReportFormat.number(comparison.hoursPaid)) paid − \(ReportFormat.number(timeOff.total)) days off "
            + "(\(ReportFormat.number(timeOff.leaveDays)) leave, \(ReportFormat.number(timeOff.publicHolidays)) public holidays, \(ReportFormat.number(timeOff.sickDays)) sick)"
    }

    /// A written report for one role across a set of countries, with charts.
    public func full(template: Profile, countries: [CountryCode], costs: [CostComparison], period: ReportPeriod = .hourly) throws -> Report {
        guard !countries.isEmpty else { throw ReportError.emptySelection("--country-set names no country") }
        var sections: [ReportSection] = []
        let regions = try self.regions(template: template, period: period)
        sections.append(
            ReportSection(
                heading: "Regions",
                paragraphs: ["Where the same \(profileLabel(template)) costs most and least: each RateCard region's range of pay."],
                table: regions.sections[0].table,
                chart: regions.sections[0].chart
            )
        )
        var countryRows: [[ReportCell]] = []
        var chartRows: [Chart.RangeBars.Row] = []
        for code in countries {
            var profile = template
            profile.country = code
            let estimate = try estimator.estimate(profile)
            countryRows.append([ReportCell(estimate.countryName)] + rangeCells(estimate, period: period))
            chartRows.append(.init(label: estimate.countryName, values: period.range(of: estimate).values))
        }
        let currency = template.currency.code
        sections.append(
            ReportSection(
                heading: "Countries compared",
                paragraphs: ["The shortlisted countries, each at its own fallback level (see n)."],
                table: ReportTable(columns: [.init("Country", key: "country")] + Self.rangeColumns(period, currency), rows: countryRows),
                chart: .rangeBars(
                    .init(
                        title: "Shortlisted countries (\(currency) \(period.rawValue))",
                        summary: "Range bars of pay in each shortlisted country.",
                        unit: currency,
                        rows: chartRows
                    )
                )
            )
        )
        var first = template
        first.country = countries[0]
        let experience = try self.experience(template: first, period: period)
        sections.append(
            ReportSection(
                heading: "Experience in \(tables.countries[countries[0]]?.name ?? countries[0].alpha2)",
                paragraphs: experience.sections[0].paragraphs,
                table: experience.sections[0].table,
                chart: experience.sections[0].chart
            )
        )
        let skills = try self.skills()
        var skillTable = skills.sections[0].table
        let topSkills = Array(skillTable?.rows.prefix(15) ?? [])
        skillTable?.rows = topSkills
        sections.append(
            ReportSection(
                heading: "Skills that move pay",
                paragraphs: ["The fifteen highest premiums, controlled for location and experience."],
                table: skillTable
            )
        )
        let sourceReport = try self.sources(template: first, period: period)
        sections.append(
            ReportSection(
                heading: "Where the sources disagree",
                paragraphs: sourceReport.sections[0].paragraphs,
                table: sourceReport.sections[0].table,
                chart: sourceReport.sections[0].chart
            )
        )
        for comparison in costs {
            let cost = Self.costReport(comparison)
            sections.append(
                ReportSection(
                    heading: "Total cost of hire in \(comparison.countryName)",
                    paragraphs: [
                        "Employee \(ReportFormat.number(comparison.employee.totalAnnual)) \(currency) a year (\(ReportFormat.number(comparison.employee.perHourWorked, decimals: 2)) per hour worked), freelancer \(ReportFormat.number(comparison.freelancer.totalAnnual)), agency \(ReportFormat.number(comparison.agency.totalAnnual)) for the same hours."
                    ],
                    table: cost.sections[0].table,
                    chart: cost.sections[0].chart
                )
            )
        }
        sections.append(
            ReportSection(
                heading: "How these numbers are made",
                paragraphs: [
                    "Estimates come from a model fitted on \(ReportFormat.number(model.fittedRows)) observations (Stack Overflow surveys, DOU.ua, colombia-dev, and BLS OEWS published distributions for the US), on log hourly pay with partial pooling over region, country and city, a smooth experience curve, skill premiums, role, employment type and source effects, aged to \(model.asOf) with a wage index. Ranges are quantiles of the model's residuals; groups under \(model.settings.privacyMinimum) observations are never shown. The full method is in docs/methodology.md."
                ]
            )
        )
        return Report(
            kind: "full",
            title: "Hiring a \(template.role.rawValue) developer: rates, ranges and total cost",
            subtitle:
                "\(profileLabel(template)); \(currency); countries: \(countries.map { tables.countries[$0]?.name ?? $0.alpha2 }.joined(separator: ", ")); as of \(template.asOf)",
            sections: sections,
            footnotes: regions.footnotes,
            sources: sourceNames()
        )
    }

    func sourceNames() -> [String] {
        var names: [String] = []
        let datasets = Set(model.sources.values)
        if datasets.contains(where: { $0.hasPrefix("so") }) { names.append("Stack Overflow Developer Survey (ODbL 1.0)") }
        if datasets.contains(where: { $0.hasPrefix("dou") }) { names.append("DOU.ua salary surveys (https://dou.ua/)") }
        if datasets.contains("colombia-dev") { names.append("colombia-dev salary surveys (https://github.com/colombia-dev/data, CC BY-SA 4.0)") }
        if !model.oews.isEmpty { names.append("U.S. Bureau of Labor Statistics, OEWS May 2025") }
        for dataset in datasets.sorted() where dataset.hasPrefix("csv:") { names.append(String(dataset.dropFirst(4))) }
        names.append("ECB reference rates; World Bank ICP")
        return names
    }
}
