import Foundation
import OpenAPIRuntime
import RateApp
import RateCore
import RateData
import RateStore

/// The HTTP API, implementing the protocol generated from `openapi.yaml`. Handlers decode, call
/// the services and encode; domain values are mapped to the generated wire types here, so storage
/// and domain types never cross the wire.
struct APIHandler: APIProtocol {
    let services: WebServices
    var maximumImportBytes = 512 * 1024 * 1024

    static func problem(_ error: any Error) -> Components.Schemas.Problem {
        let details = ProblemDetails.from(error)
        return .init(
            _type: details.type,
            title: details.title,
            status: details.status,
            detail: details.detail,
            field: details.field,
            value: details.value
        )
    }

    /// The problem for an operation's documented 400 answer, or the error itself, rethrown, when it
    /// maps to another status: `ProblemMiddleware` then answers with that status (and logs a 5xx),
    /// so a 400 response never carries a body that says 500.
    static func badRequestProblem(_ error: any Error) throws -> Components.Schemas.Problem {
        let problem = problem(error)
        guard problem.status == 400 else { throw error }
        return problem
    }

    static func range(_ range: PayRange) -> Components.Schemas.Range {
        .init(p10: range.p10, p25: range.p25, p50: range.p50, p75: range.p75, p90: range.p90)
    }

    static func wire(_ e: Estimate) -> Components.Schemas.Estimate {
        .init(
            country: e.profile.country.alpha2,
            countryName: e.countryName,
            city: e.profile.city,
            region: e.region.rawValue,
            years: e.years,
            skills: e.profile.skills,
            role: e.profile.role.rawValue,
            employment: e.profile.hire.rawValue,
            currency: e.currency.code,
            exchangeRate: e.exchangeRate,
            exchangeRateDate: e.exchangeRateDate?.description,
            hourly: range(e.hourly),
            daily: range(e.daily),
            monthly: range(e.monthly),
            annual: range(e.annual),
            hoursPerYear: e.hoursPerYear,
            medianInterval: e.medianInterval,
            sampleSize: e.sampleSize,
            effectiveSampleSize: e.effectiveSampleSize,
            fallbackLevel: .init(rawValue: e.fallbackLevel.rawValue)!,
            fallbackGroup: e.fallbackGroup,
            sources: e.sources.map { .init(source: $0.source, weight: $0.weight, observations: $0.observations, hourlyMedian: $0.hourlyMedian) },
            dataYears: e.dataYears.map {
                .init(first: $0.first, last: $0.last, recentFrom: $0.recentFrom, recentShare: $0.recentShare, summary: $0.description)
            },
            confidence: e.confidence,
            baseHourly: e.baseHourly,
            baseDescription: e.baseDescription,
            factors: e.factors.map {
                .init(name: $0.name, multiplier: $0.multiplier, standardError: $0.standardError, evidence: $0.evidence, summary: $0.summary)
            },
            costOfLivingPriceLevel: e.costOfLiving?.priceLevel,
            marketDemand: e.marketDemand,
            notes: e.notes,
            modelAsOf: e.modelAsOf.description,
            dataVersion: e.dataVersion,
            marketplace: e.marketplace.map { market in
                .init(
                    channel: .init(rawValue: market.channel.rawValue)!,
                    hourly: range(market.hourly),
                    annual: range(market.annual),
                    fallbackLevel: .init(rawValue: market.fallbackLevel.rawValue)!,
                    fallbackGroup: market.fallbackGroup,
                    countryQuotes: market.countryQuotes,
                    quotes: market.quotes,
                    sources: market.sources.map { .init(name: $0.name, observedOn: $0.observedOn.description, quotes: $0.quotes) }
                )
            }
        )
    }

    /// Reports cross as the same JSON the CLI prints.
    static func wire(_ report: Report) throws -> Components.Schemas.Report {
        try JSONDecoder().decode(Components.Schemas.Report.self, from: JSONEncoder().encode(report))
    }

    func postEstimates(_ input: Operations.PostEstimates.Input) async throws -> Operations.PostEstimates.Output {
        guard case let .json(rows) = input.body else {
            return .badRequest(.init(body: .applicationProblemJson(Self.problem(ReportError.emptySelection("no profiles")))))
        }
        let estimator = try await services.estimator()
        let today = services.today
        let results: [Components.Schemas.BatchResult] = try await services.expensiveWork.run {
            rows.enumerated().map { index, row in
                let id = row.id ?? String(index + 1)
                do {
                    let profile = ProfileInput(
                        country: row.country,
                        city: row.city,
                        businessCountry: row.businessCountry,
                        years: try row.resolvedYears(),
                        level: row.level,
                        skills: ProfileInput.skillList(row.skills),
                        role: row.role,
                        employment: row.employment,
                        currency: row.currency,
                        asOf: row.asOf
                    )
                    let estimate = try estimator.estimate(profile.resolve(tables: estimator.tables, today: today))
                    return .init(
                        id: id,
                        currency: estimate.currency.code,
                        hourly: Self.range(estimate.hourly),
                        annual: Self.range(estimate.annual),
                        n: estimate.sampleSize,
                        fallbackLevel: estimate.fallbackLevel.rawValue
                    )
                } catch let error as ProfileError {
                    return .init(id: id, currency: row.currency ?? "", error: "item \(index + 1), field \(error.field): \(error.message)")
                } catch {
                    return .init(id: id, currency: row.currency ?? "", error: "item \(index + 1): \(error)")
                }
            }
        }
        return .ok(.init(body: .json(results)))
    }

    func postCost(_ input: Operations.PostCost.Input) async throws -> Operations.PostCost.Output {
        guard case let .json(request) = input.body else {
            return .badRequest(.init(body: .applicationProblemJson(Self.problem(ReportError.emptySelection("no body")))))
        }
        let estimator = try await services.estimator()
        do {
            let profile = try ProfileInput(
                country: request.country,
                years: try request.resolvedYears() ?? (request.level == nil ? "5" : nil),
                level: request.level,
                skills: ProfileInput.skillList(request.skills),
                role: request.role,
                currency: request.currency,
                asOf: request.asOf
            ).resolve(tables: estimator.tables, today: services.today)
            let comparison = try services.app.costs.compare(profile, estimator: estimator, hoursPerYear: request.hoursPerYear)
            return .ok(.init(body: .json(try Self.wire(ReportBuilder.costReport(comparison)))))
        } catch {
            return .badRequest(.init(body: .applicationProblemJson(try Self.badRequestProblem(error))))
        }
    }

    func postTeamCost(_ input: Operations.PostTeamCost.Input) async throws -> Operations.PostTeamCost.Output {
        guard case let .json(request) = input.body else {
            return .badRequest(.init(body: .applicationProblemJson(Self.problem(ReportError.emptySelection("no body")))))
        }
        let estimator = try await services.estimator()
        do {
            let members = try request.members.enumerated().map { index, member in
                let years: String?
                do throws(ProfileError) {
                    years = try member.resolvedYears()
                } catch {
                    throw ProfileError(field: "members[\(index)].years", value: error.value, message: error.message)
                }
                return TeamMemberInput(
                    count: member.count,
                    role: member.role,
                    level: member.level,
                    years: years ?? (member.level == nil ? "5" : nil),
                    skills: ProfileInput.skillList(member.skills),
                    place: "members[\(index)]"
                )
            }
            let scenarios = request.scenarios.map {
                TeamScenario(country: $0.country, city: $0.city, hire: HireType(rawValue: $0.employment.rawValue) ?? .employee)
            }
            let team = try await services.expensiveWork.run {
                try services.app.costs.compareTeam(
                    members,
                    scenarios: scenarios,
                    currency: request.currency,
                    asOf: request.asOf,
                    businessCountry: request.businessCountry,
                    estimator: estimator
                )
            }
            return .ok(.init(body: .json(try Self.wire(ReportBuilder.teamCostReport(team)))))
        } catch {
            return .badRequest(.init(body: .applicationProblemJson(try Self.badRequestProblem(error))))
        }
    }

    func getReport(_ input: Operations.GetReport.Input) async throws -> Operations.GetReport.Output {
        let (estimator, generation) = try await services.loaded()
        let key = ReportCache.Key(generation: generation, day: services.today.dayNumber, query: ReportQuestion(path: input.path, query: input.query))
        let built: BuiltReport
        if let cached = services.reportCache.answer(for: key) {
            built = cached
        } else {
            do {
                let trends = input.path.kind == .trends ? try await services.payTrends() : nil
                built = try await services.expensiveWork.run {
                    let report = try buildReport(input, estimator: estimator, trends: trends)
                    return BuiltReport(report: report, wire: try Self.wire(report))
                }
            } catch {
                return .badRequest(.init(body: .applicationProblemJson(try Self.badRequestProblem(error))))
            }
            services.reportCache.store(built, for: key)
        }
        for accept in input.headers.accept.sortedByQuality() {
            switch accept.contentType {
            // The spec names the charset: a fragment has no <meta charset>, and without it browsers read
            // "złoty" or "Česko" as Windows-1252.
            case .textCsvCharsetUtf8: return .ok(.init(body: .textCsvCharsetUtf8(HTTPBody(CSVRenderer().render(built.report)))))
            case .textHtmlCharsetUtf8: return .ok(.init(body: .textHtmlCharsetUtf8(HTTPBody(HTMLRenderer.sections(built.report.sections)))))
            case .json: return .ok(.init(body: .json(built.wire)))
            default: continue
            }
        }
        return .ok(.init(body: .json(built.wire)))
    }

    func buildReport(_ input: Operations.GetReport.Input, estimator: Estimator, trends: PayTrendData? = nil) throws -> Report {
        let query = input.query
        let builder = ReportBuilder(estimator: estimator)
        let period = ReportPeriod(rawValue: query.period?.rawValue ?? "hourly") ?? .hourly
        let profile = try ProfileInput(
            country: query.country ?? "US",
            years: query.years ?? "5",
            role: query.role,
            employment: query.employment,
            currency: query.currency
        ).resolve(tables: estimator.tables, today: services.today)
        var region: RateCardRegion?
        if let text = query.region {
            guard let parsed = RateCardRegion(parsing: text) else { throw ReportError.unknownRegion(text) }
            region = parsed
        }
        switch input.path.kind {
        case .regions: return try builder.regions(template: profile, period: period, byCountry: query.byCountry ?? false, only: region.map { [$0] })
        case .experience:
            if query.country == nil && region == nil { throw ReportError.emptySelection("the experience report needs country or region") }
            return try builder.experience(template: profile, region: query.country == nil ? region : nil, period: period)
        case .skills: return try builder.skills()
        case .sources:
            guard query.country != nil else { throw ReportError.emptySelection("the sources report needs country") }
            return try builder.sources(template: profile, period: period)
        case .cities:
            guard query.country != nil else { throw ReportError.emptySelection("the cities report needs country") }
            return try builder.cities(template: profile, period: period)
        case .rates: return try builder.rates(template: profile, byCountry: query.byCountry ?? false)
        case .trends:
            guard let trends else { throw ReportError.emptySelection("the trends data could not be read") }
            let role = try query.role.map { text -> Role in
                guard let parsed = Role(parsing: text) else {
                    throw ProfileError(field: "role", value: text, message: "not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return parsed
            }
            let place: TrendPlace = query.country != nil ? .country(profile.country) : region.map(TrendPlace.region) ?? .world
            return services.app.trendsReport(trends, place: place, role: role, estimator: estimator)
        }
    }

    func listRegions(_ input: Operations.ListRegions.Input) async throws -> Operations.ListRegions.Output {
        let tables = services.app.tables
        return .ok(
            .init(
                body: .json(
                    RateCardRegion.allCases.map { region in
                        .init(slug: region.slug, name: region.rawValue, countries: tables.countries.countries(in: region).map(\.code.alpha2))
                    }
                )
            )
        )
    }

    func listCountries(_ input: Operations.ListCountries.Input) async throws -> Operations.ListCountries.Output {
        let estimator = try await services.estimator()
        let countries = estimator.tables.countries.byName
        return .ok(
            .init(
                body: .json(
                    countries.map { country in
                        .init(
                            code: country.code.alpha2,
                            alpha3: country.alpha3,
                            name: country.name,
                            region: country.region.rawValue,
                            currency: country.currency?.code,
                            observations: estimator.model.rows(in: .country(country.code))
                        )
                    }
                )
            )
        )
    }

    func listSkills(_ input: Operations.ListSkills.Input) async throws -> Operations.ListSkills.Output {
        let estimator = try await services.estimator()
        let premiums = Set(estimator.model.columns.filter { $0.kind == .skill }.map(\.name))
        return .ok(
            .init(
                body: .json(
                    estimator.tables.skills.entries.map { entry in
                        .init(name: entry.name, kind: entry.kind, aliases: entry.aliases, hasPremium: premiums.contains(entry.name))
                    }
                )
            )
        )
    }

    func listSources(_ input: Operations.ListSources.Input) async throws -> Operations.ListSources.Output {
        .ok(.init(body: .json(try await services.app.importer.sources().map(Self.wire))))
    }

    static func wire(_ source: SourceRecord) -> Components.Schemas.Source {
        .init(
            id: source.id,
            file: source.descriptor.fileName,
            format: source.descriptor.format,
            title: source.descriptor.title,
            licence: source.descriptor.licence,
            attribution: source.descriptor.attribution,
            read: source.counts.read,
            accepted: source.counts.accepted,
            rejected: source.counts.rejected,
            flagged: source.counts.flagged,
            duplicates: source.counts.duplicates,
            importedAt: source.importedAt.date,
            _default: source.descriptor.isDefault
        )
    }

    /// Authorised on its route (`RouteAccess`, scope import).
    func deleteSource(_ input: Operations.DeleteSource.Input) async throws -> Operations.DeleteSource.Output {
        guard let deleted = try await services.app.importer.deleteSource(id: input.path.id) else {
            return .notFound(
                .init(
                    body: .applicationProblemJson(
                        Self.problem(
                            ProblemDetails(
                                status: 404,
                                title: "No such source",
                                detail: "there is no source #\(input.path.id); GET /v1/sources lists them"
                            )
                        )
                    )
                )
            )
        }
        services.refitInBackground()
        return .ok(.init(body: .json(Self.wire(deleted))))
    }

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: "ok"))))
    }

    func getReady(_ input: Operations.GetReady.Input) async throws -> Operations.GetReady.Output {
        do {
            let version = try await services.app.models.dataVersion()
            guard services.isModelLoaded else {
                return .serviceUnavailable(.init(body: .json(.init(status: "model not loaded", dataVersion: version))))
            }
            let estimator = try await services.estimator()
            return .ok(
                .init(
                    body: .json(
                        .init(
                            status: "ready",
                            modelAsOf: estimator.model.asOf.description,
                            dataVersion: version,
                            modelDataVersion: estimator.model.dataVersion,
                            observations: estimator.model.fittedRows
                        )
                    )
                )
            )
        } catch {
            return .serviceUnavailable(.init(body: .json(.init(status: "store unreachable: \(error)"))))
        }
    }
}
