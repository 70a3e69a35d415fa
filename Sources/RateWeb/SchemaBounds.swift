import Foundation
import RateCore

/// The limits a schema of `openapi.yaml` sets — string lengths, item counts, numeric ranges — which
/// the generated layer does not check (it decodes types, not bounds). Types stay the generated
/// layer's job: a value of the wrong type passes here and is named there.
indirect enum SchemaBounds: Sendable, Hashable {
    case string(minLength: Int?, maxLength: Int?)
    case number(minimum: Double?, maximum: Double?)
    case array(minItems: Int?, maxItems: Int?, items: SchemaBounds)
    case object([String: SchemaBounds])
    case unbounded

    /// Reads a schema, following `$ref`s into `components` (to a bounded depth: the spec has no
    /// recursive schemas, and a cycle must not hang the server's start).
    init(schema: [String: Any], components: [String: Any], depth: Int = 0) {
        guard depth < 16 else {
            self = .unbounded
            return
        }
        if let reference = schema["$ref"] as? String, let name = reference.split(separator: "/").last,
            let target = components[String(name)] as? [String: Any]
        {
            self.init(schema: target, components: components, depth: depth + 1)
            return
        }
        func int(_ key: String) -> Int? { schema[key] as? Int }
        func double(_ key: String) -> Double? { (schema[key] as? Double) ?? (schema[key] as? Int).map(Double.init) }
        switch schema["type"] as? String {
        case "string":
            self = int("minLength") == nil && int("maxLength") == nil ? .unbounded : .string(minLength: int("minLength"), maxLength: int("maxLength"))
        case "integer", "number":
            self = double("minimum") == nil && double("maximum") == nil ? .unbounded : .number(minimum: double("minimum"), maximum: double("maximum"))
        case "array":
            let items = (schema["items"] as? [String: Any]).map { SchemaBounds(schema: $0, components: components, depth: depth + 1) } ?? .unbounded
            self = .array(minItems: int("minItems"), maxItems: int("maxItems"), items: items)
        case "object":
            var properties: [String: SchemaBounds] = [:]
            for case let (name, property as [String: Any]) in schema["properties"] as? [String: Any] ?? [:] {
                let bounds = SchemaBounds(schema: property, components: components, depth: depth + 1)
                if bounds != .unbounded { properties[name] = bounds }
            }
            self = properties.isEmpty ? .unbounded : .object(properties)
        default:
            self = .unbounded
        }
    }

    /// The first value outside its bounds, as the field's path (`[3].skills`) and what is wrong.
    /// `value` is what `JSONSerialization` made of a body, or a query parameter's text.
    func violation(of value: Any, at path: String) -> (field: String, message: String)? {
        switch self {
        case .unbounded:
            return nil
        case let .string(minLength, maxLength):
            guard let text = value as? String else { return nil }
            let length = text.count
            if let maxLength, length > maxLength {
                return (path, "\(ReportFormat.number(Double(length))) characters is too long; at most \(maxLength)")
            }
            if let minLength, length < minLength { return (path, "must have at least \(minLength) character\(minLength == 1 ? "" : "s")") }
            return nil
        case let .number(minimum, maximum):
            let number: Double? =
                switch value {
                case let text as String: Double(text)
                case let number as NSNumber: number.doubleValue
                default: nil
                }
            guard let number else { return nil }
            if let minimum, number < minimum || number.isNaN {
                return (path, "\(Self.describe(number)) is below the minimum \(Self.describe(minimum))")
            }
            if let maximum, number > maximum { return (path, "\(Self.describe(number)) is above the maximum \(Self.describe(maximum))") }
            return nil
        case let .array(minItems, maxItems, items):
            guard let array = value as? [Any] else { return nil }
            if let maxItems, array.count > maxItems {
                return (
                    path.isEmpty ? "body" : path,
                    "\(ReportFormat.number(Double(array.count))) items is too many; at most \(ReportFormat.number(Double(maxItems)))"
                )
            }
            if let minItems, array.count < minItems {
                return (path.isEmpty ? "body" : path, "needs at least \(minItems) item\(minItems == 1 ? "" : "s")")
            }
            for (index, element) in array.enumerated() {
                if let found = items.violation(of: element, at: "\(path)[\(index)]") { return found }
            }
            return nil
        case let .object(properties):
            guard let object = value as? [String: Any] else { return nil }
            for (name, bounds) in properties.sorted(by: { $0.key < $1.key }) {
                guard let property = object[name] else { continue }
                if let found = bounds.violation(of: property, at: path.isEmpty ? name : "\(path).\(name)") { return found }
            }
            return nil
        }
    }

    static func describe(_ number: Double) -> String {
        guard number.isFinite, number == number.rounded(), abs(number) < 1e15 else { return InputQuote.make("\(number)", limit: 24) }
        return String(Int64(number))
    }
}
