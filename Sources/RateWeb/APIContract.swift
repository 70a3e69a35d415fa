import Foundation
import HTTPTypes
import OpenAPIRuntime
import RateCore
import Yams

/// The parameters `openapi.yaml` declares for each operation, read once from the bundled spec: what
/// turns the generated layer's decoding errors (which name a Swift type, not a parameter) into a
/// problem that names the field the client got wrong.
struct APIContract: Sendable {
    struct Parameter: Sendable, Hashable {
        enum Location: String, Sendable { case query, path }
        var name: String
        var location: Location
        /// The schema's type: string, integer, number or boolean.
        var type: String
        /// The allowed values, for an enum.
        var allowed: [String]
        /// Its length or range limits.
        var bounds: SchemaBounds = .unbounded
    }

    /// One operation's route and the limits of its input.
    struct Operation: Sendable {
        var id: String
        var method: HTTPRequest.Method
        /// The path as the spec writes it (`/v1/sources/{id}`).
        var path: String
        var template: PathTemplate
        var parameters: [Parameter]
        /// The JSON request body's limits.
        var body: SchemaBounds
        /// The response statuses the spec documents ("200", "400", …).
        var statuses: Set<String> = []
        /// The operation's one-line summary.
        var summary: String = ""
        /// Whether the spec declares a security requirement (a bearer token).
        var isSecured: Bool = false
        /// The media types of its successful answers ("application/json", "text/csv").
        var answerTypes: [String] = []

        /// Whether a request has anything here to check.
        var isBounded: Bool { body != .unbounded || parameters.contains { $0.bounds != .unbounded } }
    }

    /// Parameters by operation id.
    let parameters: [String: [Parameter]]
    /// Every operation with its route and limits.
    let operations: [Operation]

    /// Every operation's method and path template, for the method table.
    var routes: [(method: HTTPRequest.Method, path: String)] { operations.map { ($0.method, $0.path) } }

    static let bundled: APIContract = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return APIContract(parameters: [:]) }
        return (try? APIContract(yaml: text)) ?? APIContract(parameters: [:])
    }()

    init(parameters: [String: [Parameter]], operations: [Operation] = []) {
        self.parameters = parameters
        self.operations = operations
    }

    init(yaml: String) throws {
        var parameters: [String: [Parameter]] = [:]
        var operations: [Operation] = []
        let document = try Yams.load(yaml: yaml) as? [String: Any] ?? [:]
        let components = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        for case let (path, item as [String: Any]) in document["paths"] as? [String: Any] ?? [:] {
            for case let (method, operation as [String: Any]) in item {
                guard let id = operation["operationId"] as? String else { continue }
                let declared: [Parameter] = (operation["parameters"] as? [[String: Any]] ?? []).compactMap { parameter in
                    guard let name = parameter["name"] as? String,
                        let location = (parameter["in"] as? String).flatMap(Parameter.Location.init(rawValue:)),
                        let schema = parameter["schema"] as? [String: Any]
                    else { return nil }
                    return Parameter(
                        name: name,
                        location: location,
                        type: schema["type"] as? String ?? "string",
                        allowed: (schema["enum"] as? [Any] ?? []).map { "\($0)" },
                        bounds: SchemaBounds(schema: schema, components: components)
                    )
                }
                parameters[id] = declared
                guard let method = HTTPRequest.Method(method.uppercased()) else { continue }
                let body =
                    (((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                    as? [String: Any]
                operations.append(
                    Operation(
                        id: id,
                        method: method,
                        path: path,
                        template: PathTemplate(path),
                        parameters: declared,
                        body: body.map { SchemaBounds(schema: $0, components: components) } ?? .unbounded,
                        statuses: Set((operation["responses"] as? [String: Any] ?? [:]).keys),
                        summary: operation["summary"] as? String ?? "",
                        isSecured: !(operation["security"] as? [Any] ?? []).isEmpty,
                        answerTypes: Self.answerTypes(operation["responses"] as? [String: Any] ?? [:])
                    )
                )
            }
        }
        self.parameters = parameters
        self.operations = operations
    }

    /// The media types of an operation's 2xx responses, in the spec's order of status.
    static func answerTypes(_ responses: [String: Any]) -> [String] {
        var types: [String] = []
        for case let (status, response as [String: Any]) in responses.sorted(by: { $0.key < $1.key }) where status.hasPrefix("2") {
            for type in ((response["content"] as? [String: Any]) ?? [:]).keys.sorted() where !types.contains(type) { types.append(type) }
        }
        return types
    }

    /// The operation a request is for, from its method and its path split on "/".
    func operation(method: HTTPRequest.Method, parts: [Substring]) -> Operation? {
        operations.first { $0.method == method && $0.template.matches(parts) }
    }

    /// The problem for a request to `operation` whose parameters or JSON body break a limit of the
    /// spec (a length, an item count, a range), naming the field; `nil` when none does. Values of
    /// the wrong type are left to the generated layer.
    /// - Parameter queryValues: a query parameter's values, percent-decoded.
    func boundsProblem(_ operation: Operation, parts: [Substring], queryValues: (String) -> [String], body: [UInt8]?) -> ProblemDetails? {
        var found: (field: String, message: String)?
        for parameter in operation.parameters where parameter.bounds != .unbounded && found == nil {
            switch parameter.location {
            case .query:
                for value in queryValues(parameter.name) {
                    if let violation = parameter.bounds.violation(of: value, at: parameter.name) {
                        found = violation
                        break
                    }
                }
            case .path:
                if let index = operation.template.segments.firstIndex(where: { $0 == nil }), index < parts.count {
                    let segment = String(parts[index])
                    found = parameter.bounds.violation(of: segment.removingPercentEncoding ?? segment, at: parameter.name)
                }
            }
        }
        if found == nil, operation.body != .unbounded, let body, !body.isEmpty,
            let json = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        {
            found = operation.body.violation(of: json, at: "")
        }
        guard let found else { return nil }
        return ProblemDetails(
            status: 400,
            title: "Request does not match the API",
            detail: "\(found.field): \(found.message)",
            field: found.field,
            type: "https://ratecard.invalid/problems/bad-request"
        )
    }

    /// The problem for a request the generated layer could not decode.
    func problem(for error: ServerError) -> ProblemDetails {
        let (field, message) = describe(error)
        return ProblemDetails(
            status: 400,
            title: "Request does not match the API",
            detail: field.map { "\($0): \(message)" } ?? message,
            field: field,
            type: "https://ratecard.invalid/problems/bad-request"
        )
    }

    func describe(_ error: ServerError) -> (field: String?, message: String) {
        let declared = parameters[error.operationID] ?? []
        let query = URLComponents(string: error.request.path ?? "")?.queryItems ?? []
        func value(of parameter: Parameter) -> String? {
            switch parameter.location {
            case .query: query.last { $0.name == parameter.name }?.value
            case .path: error.requestMetadata.pathParameters[parameter.name].map(String.init)
            }
        }
        func expected(_ parameter: Parameter) -> String {
            if !parameter.allowed.isEmpty { return "one of \(parameter.allowed.joined(separator: ", "))" }
            return switch parameter.type {
            case "boolean": "true or false"
            case "integer": "a whole number"
            case "number": "a number"
            default: "text"
            }
        }
        func fits(_ text: String, _ parameter: Parameter) -> Bool {
            if !parameter.allowed.isEmpty { return parameter.allowed.contains(text) }
            return switch parameter.type {
            case "boolean": text == "true" || text == "false"
            case "integer": Int(text) != nil
            case "number": Double(text) != nil
            default: true
            }
        }
        // A parameter whose value does not fit its declared type is the one the decoder stopped at.
        if let wrong = declared.first(where: { parameter in value(of: parameter).map { !fits($0, parameter) } ?? false }), let text = value(of: wrong)
        {
            return (wrong.name, "'\(InputQuote.make(text, limit: 40))' is not \(expected(wrong))")
        }
        if let missing = declared.first(where: { error.causeDescription.hasSuffix("named: \($0.name)") }) {
            return (missing.name, "is required")
        }
        if let decoding = error.underlyingError as? DecodingError {
            return Self.describe(decoding)
        }
        if error.causeDescription.contains("request body") {
            return ("body", "the request body is missing; send it as the spec (/openapi.yaml) describes")
        }
        return (nil, "the request does not match the API (\(InputQuote.make(error.causeDescription, limit: 120))); see /openapi.yaml")
    }

    /// A body that is not the JSON the operation takes.
    static func describe(_ error: DecodingError) -> (field: String?, message: String) {
        func path(_ keys: [any CodingKey]) -> String? {
            let names = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? nil : names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case let .keyNotFound(key, context):
            return (path(context.codingPath + [key]), "is required")
        case let .valueNotFound(_, context):
            return (path(context.codingPath) ?? "body", "is missing (null)")
        case let .typeMismatch(type, context):
            let wanted =
                type == Bool.self
                ? "true or false" : (type == String.self ? "text" : (type == Int.self || type == Double.self ? "a number" : "another kind of value"))
            return (path(context.codingPath) ?? "body", "should be \(wanted)")
        case let .dataCorrupted(context):
            if let field = path(context.codingPath) { return (field, "is not an accepted value") }
            return ("body", "not valid JSON")
        @unknown default:
            return ("body", "the body does not match the API; see /openapi.yaml")
        }
    }
}
