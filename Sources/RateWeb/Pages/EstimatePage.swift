import RateCore

/// The estimate page: a pure model built from the query, and a view that renders it.
struct EstimatePageModel: Sendable {
    var input: ProfileInput
    var estimate: Estimate?
    /// The same profile as employee, freelancer and agency, for the side-by-side table.
    var byHireType: [Estimate] = []
    var error: ProfileError?
    var countries: [Country]

    /// Builds the model: no query yet means an empty form; otherwise the estimate or the error.
    static func make(query: [String: String], estimator: Estimator, today: CalendarDate) -> EstimatePageModel {
        let input = ProfileInput(
            country: query["country"],
            city: query["city"],
            businessCountry: query["business_country"],
            years: query["years"],
            level: query["level"],
            skills: ProfileInput.skillList(query["skills"]),
            role: query["role"],
            employment: query["employment"],
            currency: query["currency"],
            asOf: query["as_of"]
        )
        let countries = estimator.tables.countries.byName
        guard query["country"] != nil else { return EstimatePageModel(input: input, estimate: nil, error: nil, countries: countries) }
        do {
            let profile = try input.resolve(tables: estimator.tables, today: today)
            let estimate = try estimator.estimate(profile)
            var byHireType: [Estimate] = []
            for hire in HireType.allCases {
                var other = profile
                other.hire = hire
                byHireType.append(hire == profile.hire ? estimate : try estimator.estimate(other))
            }
            return EstimatePageModel(input: input, estimate: estimate, byHireType: byHireType, error: nil, countries: countries)
        } catch {
            return EstimatePageModel(input: input, estimate: nil, error: error, countries: countries)
        }
    }
}

enum EstimatePageView {
    static func render(_ model: EstimatePageModel) -> String {
        var body = "<p>Enter a developer profile: RateCard answers with a range of pay from real data, and shows why.</p>"
        body +=
            "<form class=\"profile\" method=\"get\" action=\"/\" aria-label=\"Developer profile\">\(Layout.profileFields(model.input, countries: model.countries, includeBusinessCountry: true))<button type=\"submit\">Estimate</button></form>"
        if let error = model.error {
            body +=
                "<p class=\"error\" role=\"alert\"><strong>\(TextEscaping.html(error.field.replacingOccurrences(of: "_", with: " "))):</strong> \(TextEscaping.html(error.message))</p>"
        }
        if let estimate = model.estimate {
            body += result(estimate)
            body += hireTypes(model.byHireType, input: model.input)
        }
        return Layout.page(title: "What does this developer cost?", current: "/", body: body)
    }

    /// Employee, freelancer and agency side by side, with the marketplace figure and a link to the itemised cost.
    static func hireTypes(_ estimates: [Estimate], input: ProfileInput) -> String {
        guard let first = estimates.first else { return "" }
        let currency = first.currency.code
        var html = "<section aria-labelledby=\"hire-types\"><h2 id=\"hire-types\">Employee, freelancer or agency</h2>"
        html +=
            "<div class=\"table-wrap\"><table class=\"figures\"><thead><tr><th scope=\"col\">Hire as</th><th scope=\"col\">Hourly median (\(currency))</th><th scope=\"col\">P25–P75</th><th scope=\"col\">Per year</th><th scope=\"col\">Hours</th><th scope=\"col\">Evidence</th></tr></thead><tbody>"
        func row(_ name: String, hourly: PayRange, annual: PayRange, hours: Double, evidence: String) -> String {
            "<tr><th scope=\"row\">\(name)</th><td>\(ReportFormat.money(hourly.p50, hourly: true))</td><td>\(ReportFormat.money(hourly.p25, hourly: true))–\(ReportFormat.money(hourly.p75, hourly: true))</td>"
                + "<td>\(ReportFormat.money(annual.p50, hourly: false))</td><td>\(ReportFormat.number(hours))</td><td>\(TextEscaping.html(evidence))</td></tr>"
        }
        for e in estimates {
            let pay =
                e.profile.hire == .employee
                ? "salary (employer costs not included)" : e.profile.hire == .freelancer ? "local contractor rate" : "agency rate"
            let sources = e.sources.map(\.source).joined(separator: ", ")
            html += row(
                "\(e.profile.hire.rawValue): \(pay)",
                hourly: e.hourly,
                annual: e.annual,
                hours: e.hoursPerYear,
                evidence: "n=\(ReportFormat.number(e.sampleSize)) at \(e.fallbackLevel.rawValue) level (\(e.fallbackGroup)); \(sources)"
            )
            if let market = e.marketplace {
                html += row(
                    "freelancer: global marketplace (asking)",
                    hourly: market.hourly,
                    annual: market.annual,
                    hours: e.hoursPerYear,
                    evidence: market.evidence
                )
            }
        }
        html += "</tbody></table></div>"
        var query: [(String, String?)] = [
            ("country", input.country), ("business_country", input.businessCountry), ("years", input.years), ("level", input.level),
            ("role", input.role), ("currency", input.currency),
        ]
        if !input.skills.isEmpty { query.append(("skills", input.skills.joined(separator: ","))) }
        let link =
            "/cost?"
            + query.compactMap { key, value in value.flatMap { $0.isEmpty ? nil : "\(key)=\(TextEscaping.html(Layout.queryEscape($0)))" } }.joined(
                separator: "&amp;"
            )
        html +=
            "<p>Freelancer and agency hours are billed hours. <a href=\"\(link)\">Total cost of hire, itemised</a> (employer contributions, leave, overhead) compares the three for the same work.</p>"
        return html + "</section>"
    }

    static func result(_ e: Estimate) -> String {
        let currency = e.currency.code
        var html =
            "<section aria-labelledby=\"result\"><h2 id=\"result\">\(TextEscaping.html(e.profile.role.rawValue)) \(TextEscaping.html(e.profile.hire.rawValue)) in \(TextEscaping.html(e.countryName)), \(ReportFormat.number(e.years, decimals: e.years == e.years.rounded() ? 0 : 1)) years</h2>"
        let chart = Chart.rangeBars(
            .init(
                title: "Hourly pay (\(currency))",
                summary:
                    "P10 \(ReportFormat.number(e.hourly.p10, decimals: 2)), P25 \(ReportFormat.number(e.hourly.p25, decimals: 2)), median \(ReportFormat.number(e.hourly.p50, decimals: 2)), P75 \(ReportFormat.number(e.hourly.p75, decimals: 2)), P90 \(ReportFormat.number(e.hourly.p90, decimals: 2)) \(currency) per hour.",
                unit: currency,
                rows: [.init(label: "hourly", values: e.hourly.values)]
            )
        )
        html += "<figure>\(SVGChart.render(chart))</figure>"
        html +=
            "<div class=\"table-wrap\"><table class=\"figures\"><thead><tr><th scope=\"col\">\(currency)</th><th scope=\"col\">P10</th><th scope=\"col\">P25</th><th scope=\"col\">Median</th><th scope=\"col\">P75</th><th scope=\"col\">P90</th></tr></thead><tbody>"
        for (name, range, small) in [
            ("hourly", e.hourly, true), ("daily", e.daily, true), ("monthly", e.monthly, false), ("annual", e.annual, false),
        ] {
            html += "<tr><th scope=\"row\">\(name)</th>" + range.values.map { "<td>\(ReportFormat.money($0, hourly: small))</td>" }.joined() + "</tr>"
        }
        html += "</tbody></table></div>"
        html +=
            "<p><strong>Evidence:</strong> n=\(ReportFormat.number(Double(e.sampleSize))) (effective \(ReportFormat.number(e.effectiveSampleSize))) at \(e.fallbackLevel.rawValue) level (\(TextEscaping.html(e.fallbackGroup))); confidence \(e.confidence). Median 95 % interval \(ReportFormat.number(e.medianInterval[0], decimals: 2))–\(ReportFormat.number(e.medianInterval[1], decimals: 2)) \(currency)/h.</p>"
        if let years = e.dataYears { html += "<p><strong>Data:</strong> \(TextEscaping.html(years.description)).</p>" }
        html +=
            "<p><strong>Sources:</strong> "
            + e.sources.map { TextEscaping.html($0.summary(median: ReportFormat.number($0.hourlyMedian, decimals: 2))) }.joined(separator: "; ")
            + "</p>"
        if let market = e.marketplace {
            html +=
                "<h3>Global freelance marketplace</h3><p>Asking rates on Freelancer.com, a separate channel from the local-contractor figure above: "
                + "median \(ReportFormat.money(market.hourly.p50, hourly: true)) \(currency)/h (P10 \(ReportFormat.money(market.hourly.p10, hourly: true)) – P90 \(ReportFormat.money(market.hourly.p90, hourly: true))), "
                + "\(ReportFormat.money(market.annual.p50, hourly: false)) \(currency) a year at the same billed hours. \(TextEscaping.html(market.evidence)).</p>"
        }
        html +=
            "<h3>Why</h3><ul class=\"factors\"><li>base \(ReportFormat.number(e.baseHourly, decimals: 2)) \(currency)/h (\(TextEscaping.html(e.baseDescription)))</li>"
            + e.factors.map { "<li>\(TextEscaping.html($0.summary))</li>" }.joined() + "</ul>"
        if let living = e.costOfLiving, let level = living.priceLevel {
            html +=
                "<p class=\"note\">Cost of living, not in the figures: price level \(ReportFormat.number(level, decimals: 2)) of the US (World Bank ICP \(living.year)).</p>"
        }
        if let rateDate = e.exchangeRateDate { html += "<p class=\"note\">Converted at the ECB rate of \(rateDate).</p>" }
        for note in e.notes { html += "<p class=\"note\">Note: \(TextEscaping.html(note)).</p>" }
        return html + "</section>"
    }
}
