import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIRuntime
import RateCore
import RateImport

/// An RFC 9457 problem document: the one way errors leave the server.
public struct ProblemDetails: Error, Sendable, Codable, Hashable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var field: String?
    public var value: String?
    /// Sent as the Retry-After header (not in the document), for a 503 or 429 the client may retry.
    public var retryAfterSeconds: Int?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, field, value }

    public init(
        status: Int,
        title: String,
        detail: String? = nil,
        field: String? = nil,
        value: String? = nil,
        type: String = "about:blank",
        retryAfterSeconds: Int? = nil
    ) {
        self.retryAfterSeconds = retryAfterSeconds
        self.type = type
        self.title = title
        self.status = status
        // Every problem leaves through here, so every one is bounded here, whichever error it
        // came from: a detail quotes a short prefix of a long value, and the value is a prefix.
        self.detail = detail.map { InputQuote.bounding($0, quoting: value ?? "") }
        self.field = field.map { InputQuote.make($0, limit: 120) }
        self.value = value.map { InputQuote.make($0, limit: 200) }
    }

    /// Maps domain errors to HTTP once, here at the edge.
    public static func from(_ error: any Error) -> ProblemDetails {
        switch error {
        case let problem as ProblemDetails: return problem
        case let error as ServerError where error.httpStatus == .notAcceptable:
            let offered = APIContract.bundled.operations.first { $0.id == error.operationID }?.answerTypes ?? []
            return notAcceptable(offered: offered, accept: error.request.headerFields[.accept] ?? "")
        case let error as ServerError:
            // The generated layer could not decode the request (a bad parameter, body or path):
            // the client's mistake, named; otherwise whatever the handler threw.
            if (400..<500).contains(error.httpStatus.code) || error.underlyingError is DecodingError {
                var problem = APIContract.bundled.problem(for: error)
                problem.status = max(400, min(499, error.httpStatus.code == 500 ? 400 : error.httpStatus.code))
                return problem
            }
            return from(error.underlyingError)
        case let error as ProfileError:
            return ProblemDetails(
                status: 400,
                title: "Invalid profile",
                detail: "\(error.field): \(error.message)",
                field: error.field,
                value: error.value,
                type: "https://ratecard.invalid/problems/invalid-field"
            )
        case let error as TeamError:
            return ProblemDetails(
                status: 400,
                title: "Invalid team",
                detail: error.description,
                field: error.jsonPath,
                type: "https://ratecard.invalid/problems/invalid-field"
            )
        case let error as ExchangeRateFileError:
            if case .olderThanInUse = error {
                return ProblemDetails(
                    status: 409,
                    title: "An older exchange-rate table",
                    detail: error.description,
                    type: "https://ratecard.invalid/problems/older-table"
                )
            }
            return ProblemDetails(
                status: 400,
                title: "Not an ECB exchange-rate table",
                detail: error.description,
                type: "https://ratecard.invalid/problems/unreadable-file"
            )
        case let error as ImportFileError:
            return ProblemDetails(
                status: 400,
                title: "The file cannot be imported",
                detail: error.description,
                type: "https://ratecard.invalid/problems/unreadable-file"
            )
        case let error as InputError:
            return ProblemDetails(
                status: 400,
                title: "The file cannot be read",
                detail: error.description,
                type: "https://ratecard.invalid/problems/unreadable-file"
            )
        case let error as MappingError:
            return ProblemDetails(
                status: 400,
                title: "Invalid column mapping",
                detail: error.description,
                type: "https://ratecard.invalid/problems/unreadable-file"
            )
        case let error as ReportError:
            return ProblemDetails(
                status: 400,
                title: "Invalid report request",
                detail: error.description,
                type: "https://ratecard.invalid/problems/invalid-filter"
            )
        case let error as CostError:
            return ProblemDetails(status: 422, title: "Cost cannot be computed", detail: error.description)
        case let error as ModelError:
            return ProblemDetails(status: 503, title: "No model", detail: error.description)
        case let error as HTTPError where error.status == .contentTooLarge:
            return ProblemDetails(status: 413, title: "Request body too large", detail: "the body is over the server's limit")
        case let error as HTTPError:
            return ProblemDetails(status: error.status.code, title: error.status.reasonPhrase, detail: error.body)
        default:
            return ProblemDetails(status: 500, title: "Internal error", detail: "the server failed to answer; the error was logged")
        }
    }

    /// A body the client did not finish or framed wrongly (a bad chunk size, fewer bytes than its
    /// Content-Length): the client's mistake, not the server's.
    static func malformedBody(_ error: any Error) -> ProblemDetails {
        ProblemDetails(
            status: 400,
            title: "Malformed request body",
            detail:
                "the body could not be read (\(InputQuote.make("\(error)", limit: 80))); send a complete body, with a correct Content-Length or valid chunked encoding",
            type: "https://ratecard.invalid/problems/malformed-body"
        )
    }

    /// No answer of the operation is of a type the request's `Accept` allows (406).
    /// - Parameters:
    ///   - offered: the media types the operation answers with.
    ///   - accept: the request's `Accept` header.
    static func notAcceptable(offered: [String], accept: String) -> ProblemDetails {
        let types = offered.isEmpty ? "the types /openapi.yaml lists for it" : offered.joined(separator: " or ")
        return ProblemDetails(
            status: 406,
            title: "Not acceptable",
            detail:
                "this operation answers \(types); the request's Accept, \"\(InputQuote.make(AcceptHeader.asSent(accept), limit: 120))\", allows none of them: send Accept: \(offered.first ?? "application/json") (or */*)",
            type: "https://ratecard.invalid/problems/not-acceptable"
        )
    }

    /// The problem as a response.
    public var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data()
        var response = Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/problem+json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
        if let retryAfterSeconds { response.headers[.retryAfter] = String(retryAfterSeconds) }
        // RFC 9110 §15.5.2: a 401 names the scheme that would authenticate.
        if status == 401 { response.headers[.wwwAuthenticate] = "Bearer realm=\"ratecard\"" }
        return response
    }
}

/// Turns any error thrown below it into a problem document, and enforces the body size limit.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let maximumBodyBytes: Int
    /// File uploads have their own, larger limit; their bodies stream to disk.
    let maximumImportBytes: Int
    /// Which methods each path answers, to tell a wrong method (405) from a missing path (404).
    var routes = RouteTable([])

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = Self.acceptingProblems(request)
        // Uploads have their own, larger limit, and stream to disk.
        let isImport = request.method == .post && Self.uploadPaths.contains(request.uri.path)
        let limit = isImport ? maximumImportBytes : maximumBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return ProblemDetails(status: 413, title: "Request body too large", detail: "\(length) bytes; the limit is \(limit)").response
        }
        do {
            if (request.method == .post || request.method == .put) && !isImport {
                // Collecting here bounds every body, whatever the handler does with it.
                do {
                    _ = try await request.collectBody(upTo: maximumBodyBytes)
                } catch let error as HTTPError {
                    throw error
                } catch {
                    throw ProblemDetails.malformedBody(error)
                }
            }
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.allowedMethods(path: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method) else { return ProblemDetails.from(error).response }
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            var response = ProblemDetails(
                status: 405,
                title: "Method not allowed",
                detail: "\(request.uri.path) answers \(names), not \(InputQuote.make(request.method.rawValue, limit: 20))",
                type: "https://ratecard.invalid/problems/method-not-allowed"
            ).response
            response.headers[.allow] = names
            return response
        } catch {
            let problem = ProblemDetails.from(error)
            // A refusal because the server is busy is the limit working, not a failure to log.
            if problem.status >= 500 && problem.retryAfterSeconds == nil { context.logger.error("request failed: \(error)") }
            return problem.response
        }
    }

    /// The uploads, whose bodies have their own limit and stream to disk.
    static var uploadPaths: Set<String> { ["/v1/imports", "/v1/exchange-rates"] }

    /// An error is a problem document whatever the client asked for (RFC 9457 §3): a client that
    /// asks for CSV and sends a bad filter must read why, not a 406 that hides it. The generated
    /// layer checks each answer's type against `Accept`, so problem+json joins the accepted types
    /// here, at the lowest quality: it never wins a negotiation for a successful answer.
    static func acceptingProblems(_ request: Request) -> Request {
        guard let accept = request.headers[.accept], !AcceptHeader.allows("application/problem+json", header: accept) else { return request }
        var head = request.head
        head.headerFields[.accept] = accept + AcceptHeader.problemsAlwaysAccepted
        return Request(head: head, body: request.body)
    }
}
