import Foundation
import Hummingbird
import HummingbirdTesting
import RateCore
import RateData
import RateTestSupport
import Testing

@testable import RateWeb

/// What people see: pages rendered from their page models, compared with stored snapshots
/// (`RATECARD_RECORD_SNAPSHOTS=1 swift test` records them).
@Suite("Page snapshots", .serialized)
struct PageSnapshotTests {
    @Test func estimatePageModelAndView() async throws {
        let services = try await RouterTests.services.value
        let estimator = try await services.estimator()
        let today = CalendarDate(iso: "2026-06-30")!
        let empty = EstimatePageModel.make(query: [:], estimator: estimator, today: today)
        #expect(empty.estimate == nil && empty.error == nil)
        let filled = EstimatePageModel.make(
            query: ["country": "US", "years": "5", "skills": "Java", "currency": "EUR"],
            estimator: estimator,
            today: today
        )
        #expect(filled.estimate?.currency == .eur)
        // Employee, freelancer and agency side by side, and a link to the itemised cost with the same profile.
        #expect(filled.byHireType.map(\.profile.hire) == [.employee, .freelancer, .agency])
        #expect(filled.byHireType[2].sources.first?.source.contains("agency listings") == true)
        let filledPage = EstimatePageView.render(filled)
        #expect(filledPage.contains("href=\"/cost?country=US&amp;years=5&amp;currency=EUR&amp;skills=Java\""))
        #expect(filledPage.contains("global marketplace (asking)"))
        let wrong = EstimatePageModel.make(query: ["country": "Atlantis", "years": "5"], estimator: estimator, today: today)
        #expect(wrong.error?.field == "country")
        try assertSnapshot(EstimatePageView.render(empty), named: "estimate-empty.html")
        try assertSnapshot(EstimatePageView.render(filled), named: "estimate-us.html")
        try assertSnapshot(EstimatePageView.render(wrong), named: "estimate-error.html")
    }

    /// The methodology's tables are tables (not a paragraph of pipes), its headings sit under the
    /// page's own, and the copy that ships is the one in `docs/`.
    @Test func theDataPageRendersTheMethodologyWithItsTables() throws {
        let markdown = BundledData.methodology
        let html = DataPage.methodologyHTML(markdown)
        let tableLines = markdown.split(separator: "\n").filter { $0.hasPrefix("|") && !$0.contains("---") }
        #expect(!tableLines.isEmpty)
        #expect(html.components(separatedBy: "<tr>").count - 1 == tableLines.count)
        #expect(!html.contains("<p>|") && !html.contains("|---"), "no Markdown table syntax is left in the HTML")
        #expect(html.contains("<div class=\"table-wrap\"><table>"))
        #expect(!html.contains("<h1>"))
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/methodology.md")
        #expect(try String(contentsOf: docs, encoding: .utf8) == markdown, "docs/methodology.md and the bundled copy differ")
    }

    @Test func everyPageIsLabelledAndNeedsNoScript() async throws {
        let services = try await RouterTests.services.value
        let estimator = try await services.estimator()
        let pages = [
            EstimatePageView.render(
                EstimatePageModel.make(query: ["country": "US", "years": "5"], estimator: estimator, today: CalendarDate(iso: "2026-06-30")!)
            ),
            ComparePage.render(
                estimator: estimator,
                query: ["country": "US"],
                today: CalendarDate(iso: "2026-06-30")!,
                trends: try await services.payTrends(),
                app: services.app
            ),
            CostPage.render(estimator: estimator, services: services, query: ["country": "DE", "years": "5"]),
            SubmitPage.render(SubmitPageModel(input: SelfReportInput(), outcome: .form, countries: [])),
            SubmitPage.render(
                SubmitPageModel(
                    input: SelfReportInput(country: "PL", amount: "-1"),
                    outcome: .invalid(ProfileError(field: "amount", value: "-1", message: "'-1' is not a positive amount")),
                    countries: []
                )
            ),
        ]
        for html in pages {
            #expect(!html.contains("<script"))
            #expect(html.contains("name=\"viewport\""))
            // Every input and select sits inside a label.
            let inputs = html.components(separatedBy: "<input").count - 1 + html.components(separatedBy: "<select").count - 1
            let labelled = html.components(separatedBy: "<label>").count - 1
            #expect(labelled >= inputs)
        }
    }

    @Test func submitPageModelAndView() throws {
        let countries = [
            Country(
                code: CountryCode("PL")!,
                alpha3: "POL",
                name: "Poland",
                unRegion: "Europe",
                unSubregion: "Eastern Europe",
                region: .easternEurope,
                currency: CurrencyCode("PLN")
            )
        ]
        let typed = try SubmitPage.input(
            formBody: "country=Poland&city=Krak%C3%B3w&years=6&skills=Go%2C+PostgreSQL&employment=freelancer&amount=18000&currency=PLN&period=month"
        )
        #expect(
            typed
                == SelfReportInput(
                    country: "Poland",
                    city: "Kraków",
                    years: "6",
                    skills: ["Go", "PostgreSQL"],
                    employment: "freelancer",
                    amount: "18000",
                    currency: "PLN",
                    period: "month"
                )
        )
        try assertSnapshot(
            SubmitPage.render(SubmitPageModel(input: SelfReportInput(), outcome: .form, countries: countries)),
            named: "submit-empty.html"
        )
        try assertSnapshot(
            SubmitPage.render(SubmitPageModel(input: typed, outcome: .stored(id: 7), countries: countries)),
            named: "submit-stored.html"
        )
        try assertSnapshot(
            SubmitPage.render(
                SubmitPageModel(
                    input: typed,
                    outcome: .invalid(ProfileError(field: "amount", value: "-1", message: "'-1' is not a positive amount")),
                    countries: countries
                )
            ),
            named: "submit-invalid.html"
        )
    }
}
