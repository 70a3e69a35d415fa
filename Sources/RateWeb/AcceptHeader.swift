/// Content negotiation on a request's `Accept` header (RFC 9110 §12.5.1), for the answers that
/// are written outside the generated layer (the estimate route) and for the problem documents
/// every route can send.
///
/// Written here because neither Hummingbird nor HTTPTypes parses `Accept`, and OpenAPIRuntime's
/// parser (`AcceptHeaderContentType`) is for generated operations' own content-type enums.
enum AcceptHeader {
    /// Whether a response of `mediaType` ("application/json") is acceptable: no header allows
    /// anything; otherwise the most specific range that matches it (the type itself, then
    /// "type/*", then "*/*") must have a quality above zero.
    static func allows(_ mediaType: String, header: String?) -> Bool {
        guard let header, header.contains(where: { !$0.isWhitespace }) else { return true }
        let wanted = mediaType.lowercased()
        let wantedType = wanted.prefix { $0 != "/" }
        var best: (specificity: Int, quality: Double)?
        for range in header.split(separator: ",") {
            let parts = range.split(separator: ";")
            guard let name = parts.first?.trimmingCharacters(in: .whitespaces).lowercased(), !name.isEmpty else { continue }
            let specificity: Int
            if name == wanted {
                specificity = 3
            } else if name == "\(wantedType)/*" {
                specificity = 2
            } else if name == "*/*" {
                specificity = 1
            } else {
                continue
            }
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2, pair[0].lowercased() == "q" { quality = Double(pair[1]) ?? 1 }
            }
            if best == nil || specificity > best!.specificity { best = (specificity, quality) }
        }
        guard let best else { return false }
        return best.quality > 0
    }

    /// What `ProblemMiddleware` adds to a request's `Accept` that does not allow problem
    /// documents: errors are problems whatever the client asked for (RFC 9457 §3), and the lowest
    /// quality never wins a negotiation for a successful answer.
    static let problemsAlwaysAccepted = ", application/problem+json;q=0.001"

    /// The header as the client sent it, without what `ProblemMiddleware` added.
    static func asSent(_ header: String) -> String {
        header.hasSuffix(problemsAlwaysAccepted) ? String(header.dropLast(problemsAlwaysAccepted.count)) : header
    }
}
