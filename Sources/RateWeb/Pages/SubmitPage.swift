import Foundation
import Hummingbird
import RateCore
import RateStore

/// What the Submit page shows: the form (with what was typed) and the outcome of a submission.
struct SubmitPageModel {
    enum Outcome: Equatable {
        case form
        case stored(id: Int64)
        case invalid(ProfileError)
        case limited(retryAfterSeconds: Int)
    }

    var input: SelfReportInput
    var outcome: Outcome
    var countries: [Country]
}

/// The submit page: a form for a self-reported rate. It works without JavaScript (a plain POST);
/// reports are validated like a profile and held as pending until a moderator approves them.
enum SubmitPage {
    static func render(_ model: SubmitPageModel) -> String {
        var body =
            "<p>Your report joins the data only after a moderator approves it, and no single report is ever shown on its own: groups under five observations are hidden everywhere.</p>"
        switch model.outcome {
        case .form: break
        case .stored(let id):
            body += "<p class=\"note\" role=\"status\"><strong>Thank you.</strong> Report #\(id) is waiting for moderation.</p>"
        case .invalid(let error):
            body += "<p class=\"error\" role=\"alert\">\(TextEscaping.html(error.field)): \(TextEscaping.html(error.message))</p>"
        case .limited(let seconds):
            body +=
                "<p class=\"error\" role=\"alert\">Too many reports from your address in the last hour; please try again in \(max(1, seconds / 60)) minutes.</p>"
        }
        let input = model.outcome == .form || model.outcome.isStored ? SelfReportInput() : model.input
        let datalist =
            "<datalist id=\"countries\">" + model.countries.map { "<option value=\"\(TextEscaping.html($0.name))\">" }.joined() + "</datalist>"
        let periods = [("month", "per month"), ("year", "per year"), ("day", "per day"), ("hour", "per hour"), ("week", "per week")]
        let employment = [("employee", "Employee"), ("freelancer", "Freelancer"), ("agency", "Agency")]
        body += """
            <form class="profile" method="post" action="/submit">
            \(Layout.field("country", "Country", value: input.country, placeholder: "Poland or PL", list: "countries"))\(datalist)
            \(Layout.field("city", "City (optional)", value: input.city, placeholder: "Kraków"))
            \(Layout.field("years", "Years of experience", value: input.years, placeholder: "6", type: "number"))
            \(Layout.field("skills", "Skills (comma-separated)", value: input.skills.joined(separator: ", "), placeholder: "Go, PostgreSQL"))
            \(Layout.select("employment", "You work as", options: employment, selected: input.employment))
            \(Layout.field("amount", "Gross pay", value: input.amount, placeholder: "18000"))
            \(Layout.field("currency", "Currency", value: input.currency, placeholder: "PLN"))
            \(Layout.select("period", "Per", options: periods, selected: input.period))
            <button type="submit">Send for moderation</button>
            </form>
            <p class="note">Stored: the figures above and a keyed hash of your address (to stop floods), nothing else.</p>
            """
        return Layout.page(title: "Report your rate", current: "/submit", body: body)
    }

    /// The submit form's fields as the browser sends them.
    struct Form: Decodable {
        var country, city, years, skills, role, employment, amount, currency, period: String?
    }

    /// Reads a URL-encoded form body with Hummingbird's decoder (Foundation's `URLComponents`
    /// traps on a body with characters a query may not hold, such as `{`: one request crashed
    /// the server). Throws a `ProfileError` on the field `form` for a body that is not a form.
    static func input(formBody: String) throws -> SelfReportInput {
        let form: Form
        do {
            form = try URLEncodedFormDecoder().decode(Form.self, from: formBody)
        } catch {
            throw ProfileError(
                field: "form",
                value: InputQuote.make(formBody, limit: 40),
                message: "the body is not a URL-encoded form (application/x-www-form-urlencoded); send the form from this page"
            )
        }
        return SelfReportInput(
            country: form.country,
            city: form.city,
            years: form.years,
            skills: ProfileInput.skillList(form.skills),
            role: form.role,
            employment: form.employment,
            amount: form.amount,
            currency: form.currency,
            period: form.period
        )
    }
}

extension SubmitPage {
    /// The limits of the API's self-report body, read once from the bundled spec.
    static let selfReportBounds = APIContract.bundled.operations.first { $0.id == "postObservation" }?.body ?? .unbounded

    /// The form's fields get the limits of the API's self-report body, so that an over-long value
    /// is refused by name here too. Returns the first field over its limit (in the form's order),
    /// and the input with every over-long field emptied: the page keeps what was typed without
    /// rendering a 50 KB value back into the form. `nil` when every field is within its limits.
    static func limitViolation(_ input: SelfReportInput) -> (error: ProfileError, kept: SelfReportInput)? {
        let textFields: [(String, WritableKeyPath<SelfReportInput, String?>)] = [
            ("country", \.country), ("city", \.city), ("years", \.years), ("role", \.role), ("employment", \.employment),
            ("amount", \.amount), ("currency", \.currency), ("period", \.period),
        ]
        var kept = input
        var first: ProfileError?
        for (name, path) in textFields {
            guard let value = input[keyPath: path], let violation = selfReportBounds.violation(of: [name: value], at: "") else { continue }
            first = first ?? ProfileError(field: violation.field, value: value, message: violation.message)
            kept[keyPath: path] = nil
        }
        if let violation = selfReportBounds.violation(of: ["skills": input.skills], at: "") {
            first = first ?? ProfileError(field: violation.field, value: input.skills.joined(separator: ", "), message: violation.message)
            kept.skills = []
        }
        return first.map { ($0, kept) }
    }
}

extension SubmitPageModel.Outcome {
    var isStored: Bool { if case .stored = self { true } else { false } }
}
