import HTTPTypes

/// The methods each path answers: what tells a request with the wrong method (405, with an Allow
/// header) from one for a path that does not exist (404). Hummingbird's router answers both with
/// 404 and does not expose its trie, so the table is built from the same sources as the routes:
/// the bundled spec's operations and the web pages `buildRouter` registers.
struct RouteTable: Sendable {
    private struct Route: Sendable {
        /// Path segments; `nil` for a `{parameter}`, which matches any one segment.
        var segments: [String?]
        var methods: Set<HTTPRequest.Method>
    }

    private var routes: [Route] = []

    init(_ entries: [(method: HTTPRequest.Method, path: String)]) {
        for (method, path) in entries {
            let segments = path.split(separator: "/").map { $0.hasPrefix("{") ? nil : String($0) }
            if let index = routes.firstIndex(where: { $0.segments == segments }) {
                routes[index].methods.insert(method)
            } else {
                routes.append(Route(segments: segments, methods: [method]))
            }
        }
    }

    /// The methods `path` answers, sorted for the Allow header; empty when no route has this path.
    func allowedMethods(path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        let methods = routes.filter { route in
            route.segments.count == segments.count && zip(route.segments, segments).allSatisfy { $0.0 == nil || $0.0! == $0.1 }
        }.reduce(into: Set<HTTPRequest.Method>()) { $0.formUnion($1.methods) }
        return methods.sorted { $0.rawValue < $1.rawValue }
    }
}
