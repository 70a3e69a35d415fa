import HTTPTypes

/// A route's path as the spec writes it (`/v1/sources/{id}`): literal segments, and parameters
/// that match any one segment. One matching rule for the method table and the spec's limits.
struct PathTemplate: Sendable, Hashable {
    /// Path segments; `nil` for a `{parameter}`.
    let segments: [String?]

    init(_ path: String) {
        segments = path.split(separator: "/").map { $0.hasPrefix("{") ? nil : String($0) }
    }

    /// Whether a request path, already split on "/", is this template.
    func matches(_ parts: [Substring]) -> Bool {
        parts.count == segments.count && zip(segments, parts).allSatisfy { $0.0 == nil || $0.0! == $0.1 }
    }
}

/// The methods each path answers: what tells a request with the wrong method (405, with an Allow
/// header) from one for a path that does not exist (404). Hummingbird's router answers both with
/// 404 and does not expose its trie, so the table is built from the same sources as the routes:
/// the bundled spec's operations and the web pages `buildRouter` registers.
struct RouteTable: Sendable {
    private var routes: [PathTemplate: Set<HTTPRequest.Method>] = [:]

    init(_ entries: [(method: HTTPRequest.Method, path: String)]) {
        for (method, path) in entries { routes[PathTemplate(path), default: []].insert(method) }
    }

    /// The methods `path` answers, sorted for the Allow header; empty when no route has this path.
    func allowedMethods(path: String) -> [HTTPRequest.Method] {
        let parts = path.split(separator: "/")
        let methods = routes.filter { $0.key.matches(parts) }.reduce(into: Set<HTTPRequest.Method>()) { $0.formUnion($1.value) }
        return methods.sorted { $0.rawValue < $1.rawValue }
    }
}
