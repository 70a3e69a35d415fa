import Foundation
import OpenAPIRuntime
import RateApp
import RateCore
import RateImport
import RateStore

/// The API's writes. Their route groups have already checked the token or the rate limit (see `RouteAccess`).
extension APIHandler {
    static func wire(_ summary: ImportSummary) -> Components.Schemas.ImportSummary {
        .init(
            file: summary.file,
            format: summary.format,
            encoding: summary.encoding,
            sourceId: summary.sourceID.map(Int.init),
            alreadyImported: summary.alreadyImported,
            read: summary.read,
            accepted: summary.accepted,
            rejected: summary.rejected,
            flagged: summary.flagged,
            duplicates: summary.duplicates,
            rejectedByReason: .init(additionalProperties: summary.rejectedByReason),
            warnings: summary.warnings
        )
    }

    /// A safe file name for the spooled upload: the last path component, no leading dots.
    static func uploadName(_ text: String) -> String {
        let last = text.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.drop { $0 == "." }.filter { !$0.isNewline && $0 != "\0" })
        return cleaned.isEmpty ? "upload.csv" : cleaned
    }

    /// Streams an upload to a temporary file (bounded by the import limit), runs `body` on it and
    /// removes it.
    func withSpooledUpload<Result>(_ upload: HTTPBody, name: String, _ body: (URL) async throws -> Result) async throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ratecard-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(Self.uploadName(name))
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw ProblemDetails(status: 500, title: "Upload not stored", detail: "the server could not create a temporary file for the upload")
        }
        let handle = try FileHandle(forWritingTo: file)
        var written = 0
        do {
            var chunks = upload.makeAsyncIterator()
            while true {
                let next: HTTPBody.ByteChunk?
                do { next = try await chunks.next() } catch { throw ProblemDetails.malformedBody(error) }
                guard let chunk = next else { break }
                written += chunk.count
                if written > maximumImportBytes {
                    throw ProblemDetails(
                        status: 413,
                        title: "Request body too large",
                        detail: "the file is over the import limit of \(maximumImportBytes) bytes"
                    )
                }
                try handle.write(contentsOf: Data(chunk))
            }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        do {
            return try await body(file)
        } catch {
            // Messages name the upload as the client named it, not by the server's spool path.
            var problem = ProblemDetails.from(error)
            guard problem.status < 500 else { throw error }
            problem.detail = problem.detail?.replacingOccurrences(of: directory.path + "/", with: "")
            throw problem
        }
    }

    func postImport(_ input: Operations.PostImport.Input) async throws -> Operations.PostImport.Output {
        guard case let .binary(body) = input.body else {
            return .badRequest(
                .init(
                    body: .applicationProblemJson(
                        Self.problem(ProblemDetails(status: 400, title: "No file", detail: "send the file's bytes as application/octet-stream"))
                    )
                )
            )
        }
        let format: SourceFormat? = input.query.format.flatMap { SourceFormat(rawValue: $0.rawValue) }
        do {
            let summary = try await withSpooledUpload(body, name: input.query.filename) { file in
                try await services.app.importer.importFile(path: file.path, options: ImportOptions(format: format))
            }
            if !summary.alreadyImported { services.refitInBackground() }
            return .ok(.init(body: .json(Self.wire(summary))))
        } catch let error where ProblemDetails.from(error).status == 400 {
            return .badRequest(.init(body: .applicationProblemJson(Self.problem(error))))
        }
    }

    /// The table in use, as `GET /v1/exchange-rates` and a successful upload show it.
    func exchangeRateTable() async throws -> Components.Schemas.ExchangeRateTable {
        let table = try await services.app.rates.inUse()
        return .init(
            origin: table.importedAt == nil ? .bundled : .imported,
            importedAt: table.importedAt?.date,
            firstDate: table.firstDate?.description,
            lastDate: table.lastDate?.description,
            days: table.days,
            currencies: table.currencies,
            daysPastEnd: table.daysPastEnd
        )
    }

    func getExchangeRates(_ input: Operations.GetExchangeRates.Input) async throws -> Operations.GetExchangeRates.Output {
        .ok(.init(body: .json(try await exchangeRateTable())))
    }

    func postExchangeRates(_ input: Operations.PostExchangeRates.Input) async throws -> Operations.PostExchangeRates.Output {
        guard case let .binary(body) = input.body else {
            return .badRequest(
                .init(
                    body: .applicationProblemJson(
                        Self.problem(ProblemDetails(status: 400, title: "No file", detail: "send the file's bytes as application/octet-stream"))
                    )
                )
            )
        }
        do {
            let table = try await withSpooledUpload(body, name: "eurofxref-hist") { file in
                try await services.app.rates.importTable(path: file.path, name: "the uploaded file").table
            }
            try await services.use(exchangeRates: table)
            return .ok(.init(body: .json(try await exchangeRateTable())))
        } catch let error where ProblemDetails.from(error).status == 400 {
            return .badRequest(.init(body: .applicationProblemJson(Self.problem(error))))
        } catch let error where ProblemDetails.from(error).status == 409 {
            return .conflict(.init(body: .applicationProblemJson(Self.problem(error))))
        }
    }

    func postObservation(_ input: Operations.PostObservation.Input) async throws -> Operations.PostObservation.Output {
        guard case let .json(body) = input.body else {
            return .badRequest(
                .init(body: .applicationProblemJson(Self.problem(ProblemDetails(status: 400, title: "No report", detail: "send the report as JSON"))))
            )
        }
        let report = SelfReportInput(
            country: body.country,
            city: body.city,
            years: body.years,
            skills: body.skills ?? [],
            role: body.role,
            employment: body.employment,
            amount: body.amount,
            currency: body.currency,
            period: body.period
        )
        do {
            let id = try await services.app.selfReports.submit(report, clientKey: RequestClient.key ?? "unknown")
            return .accepted(.init(body: .json(.init(id: Int(id), status: .pending))))
        } catch let error as ProfileError {
            return .badRequest(.init(body: .applicationProblemJson(Self.problem(error))))
        }
    }

    func listPendingObservations(_ input: Operations.ListPendingObservations.Input) async throws -> Operations.ListPendingObservations.Output {
        let reports = try await services.app.selfReports.pending(limit: input.query.limit ?? 100)
        return .ok(
            .init(
                body: .json(
                    reports.map { report in
                        let o = report.observation
                        return .init(
                            id: Int(report.id),
                            submittedAt: report.submittedAt.date,
                            clientKey: report.clientKey,
                            country: o.location.country.alpha2,
                            city: o.location.city,
                            years: o.experience.years,
                            skills: o.skills.map(\.name),
                            employment: o.employment.rawValue,
                            reported: "\(o.reported.amount.amount) \(o.reported.amount.currency.code) per \(o.reported.period.rawValue)",
                            hourlyUsd: o.normalised.hourlyUSD.amount,
                            annualUsd: o.normalised.annualUSD.amount
                        )
                    }
                )
            )
        )
    }

    func decideObservations(_ input: Operations.DecideObservations.Input) async throws -> Operations.DecideObservations.Output {
        guard case let .json(body) = input.body, !body.ids.isEmpty else {
            return .badRequest(
                .init(
                    body: .applicationProblemJson(
                        Self.problem(ProblemDetails(status: 400, title: "No ids", detail: "give the ids to decide", field: "ids"))
                    )
                )
            )
        }
        let ids = body.ids.map(Int64.init)
        switch body.decision {
        case .approve:
            let (changed, source) = try await services.app.selfReports.approve(ids: ids)
            if changed > 0 { services.refitInBackground() }
            return .ok(.init(body: .json(.init(changed: changed, sourceId: source.map { Int($0.id) }))))
        case .reject:
            return .ok(.init(body: .json(.init(changed: try await services.app.selfReports.reject(ids: ids)))))
        }
    }
}
