import RateCore

/// The estimate page: a pure model built from the query, and a view that renders it.
struct EstimatePageModel: Sendable {
    var input: ProfileInput
    var estimate: Estimate?
    var error: ProfileError?
    var countries: [Country]

    /// Builds the model: no query yet means an empty form; otherwise the estimate or the error.
    static func make(query: [String: String], estimator: Estimator, today: CalendarDate) -> EstimatePageModel {
        let input = ProfileInput(
            country: query["country"], city: query["city"], businessCountry: query["business_country"], years: query["years"],
            level: query["level"], skills: ProfileInput.skillList(query["skills"]), role: query["role"],
            employment: query["employment"], currency: query["currency"], asOf: query["as_of"])
        let countries = estimator.tables.countries.byName
        guard query["country"] != nil else { return EstimatePageModel(input: input, estimate: nil, error: nil, countries: countries) }
        do {
            let estimate = try estimator.estimate(input.resolve(tables: estimator.tables, today: today))
            return EstimatePageModel(input: input, estimate: estimate, error: nil, countries: countries)
        } catch {
            return EstimatePageModel(input: input, estimate: nil, error: error, countries: countries)
        }
    }
}

enum EstimatePageView {
    static func render(_ model: EstimatePageModel) -> String {
        var body = "<p>Enter a developer profile: RateCard answers with a range of pay from real data, and shows why.</p>"
        body += "<form class=\"profile\" method=\"get\" action=\"/\" aria-label=\"Developer profile\">\(Layout.profileFields(model.input, countries: model.countries))<button type=\"submit\">Estimate</button></form>"
        if let error = model.error {
            body += "<p class=\"error\" role=\"alert\"><strong>\(Layout.escape(error.field.replacingOccurrences(of: "_", with: " "))):</strong> \(Layout.escape(error.message))</p>"
        }
        if let estimate = model.estimate { body += result(estimate) }
        return Layout.page(title: "What does this developer cost?", current: "/", body: body)
    }

    static func result(_ e: Estimate) -> String {
        let currency = e.currency.code
        var html = "<section aria-labelledby=\"result\"><h2 id=\"result\">\(Layout.escape(e.profile.role.rawValue)) \(Layout.escape(e.profile.hire.rawValue)) in \(Layout.escape(e.countryName)), \(ReportFormat.number(e.years, decimals: e.years == e.years.rounded() ? 0 : 1)) years</h2>"
        let chart = Chart.rangeBars(.init(title: "Hourly pay (\(currency))", summary: "P10 \(ReportFormat.number(e.hourly.p10, decimals: 2)), P25 \(ReportFormat.number(e.hourly.p25, decimals: 2)), median \(ReportFormat.number(e.hourly.p50, decimals: 2)), P75 \(ReportFormat.number(e.hourly.p75, decimals: 2)), P90 \(ReportFormat.number(e.hourly.p90, decimals: 2)) \(currency) per hour.",
                                          unit: currency, rows: [.init(label: "hourly", values: e.hourly.values)]))
        html += "<figure>\(SVGChart.render(chart))</figure>"
        html += "<div class=\"table-wrap\"><table class=\"figures\"><thead><tr><th scope=\"col\">\(currency)</th><th scope=\"col\">P10</th><th scope=\"col\">P25</th><th scope=\"col\">Median</th><th scope=\"col\">P75</th><th scope=\"col\">P90</th></tr></thead><tbody>"
        for (name, range, small) in [("hourly", e.hourly, true), ("daily", e.daily, true), ("monthly", e.monthly, false), ("annual", e.annual, false)] {
            html += "<tr><th scope=\"row\">\(name)</th>" + range.values.map { "<td>\(ReportFormat.money($0, hourly: small))</td>" }.joined() + "</tr>"
        }
        html += "</tbody></table></div>"
        html += "<p><strong>Evidence:</strong> n=\(ReportFormat.number(Double(e.sampleSize))) (effective \(ReportFormat.number(e.effectiveSampleSize))) at \(e.fallbackLevel.rawValue) level (\(Layout.escape(e.fallbackGroup))); confidence \(e.confidence). Median 95 % interval \(ReportFormat.number(e.medianInterval[0], decimals: 2))–\(ReportFormat.number(e.medianInterval[1], decimals: 2)) \(currency)/h.</p>"
        if let years = e.dataYears { html += "<p><strong>Data:</strong> \(Layout.escape(years.description)).</p>" }
        html += "<p><strong>Sources:</strong> " + e.sources.map { "\(Layout.escape($0.source)) \(Int(($0.weight * 100).rounded())) % (median \(ReportFormat.number($0.hourlyMedian, decimals: 2))/h)" }.joined(separator: "; ") + "</p>"
        if let market = e.marketplace {
            html += "<h3>Global freelance marketplace</h3><p>Asking rates on Freelancer.com, a separate channel from the local-contractor figure above: "
                + "median \(ReportFormat.money(market.hourly.p50, hourly: true)) \(currency)/h (P10 \(ReportFormat.money(market.hourly.p10, hourly: true)) – P90 \(ReportFormat.money(market.hourly.p90, hourly: true))), "
                + "\(ReportFormat.money(market.annual.p50, hourly: false)) \(currency) a year at the same billed hours. \(Layout.escape(market.evidence)).</p>"
        }
        html += "<h3>Why</h3><ul class=\"factors\"><li>base \(ReportFormat.number(e.baseHourly, decimals: 2)) \(currency)/h (\(Layout.escape(e.baseDescription)))</li>" + e.factors.map { "<li>\(Layout.escape($0.summary))</li>" }.joined() + "</ul>"
        if let living = e.costOfLiving, let level = living.priceLevel {
            html += "<p class=\"note\">Cost of living, not in the figures: price level \(ReportFormat.number(level, decimals: 2)) of the US (World Bank ICP \(living.year)).</p>"
        }
        if let rateDate = e.exchangeRateDate { html += "<p class=\"note\">Converted at the ECB rate of \(rateDate).</p>" }
        for note in e.notes { html += "<p class=\"note\">\(Layout.escape(note)).</p>" }
        return html + "</section>"
    }
}
