import Foundation
import RateCore

/// The page frame shared by every page: navigation, styles, no scripts needed.
enum Layout {
    static let formStyle = """
        nav{display:flex;gap:1rem;flex-wrap:wrap;border-bottom:1px solid #ddd;padding-bottom:.6rem}nav a{color:#1f5f8b;font-weight:bold;text-decoration:none}
        nav a[aria-current=page]{text-decoration:underline}form.profile{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:.8rem;margin:1.2rem 0}
        label{display:flex;flex-direction:column;font-size:.9rem;font-weight:bold;color:#333}input,select{font:inherit;padding:.4rem;border:1px solid #888;border-radius:4px;margin-top:.2rem}
        input:focus,select:focus,button:focus{outline:3px solid #d9822b;outline-offset:1px}button{font:inherit;padding:.55rem 1.2rem;background:#1f5f8b;color:#fff;border:0;border-radius:4px;cursor:pointer;align-self:end}
        .error{background:#fdecea;border:1px solid #b3261e;color:#5f1410;padding:.6rem .8rem;border-radius:4px}.note{color:#444;font-size:.9rem}
        form.team textarea{font:inherit;padding:.4rem;border:1px solid #888;border-radius:4px;margin-top:.2rem;width:100%;box-sizing:border-box}
        .scenarios{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:.8rem}fieldset.scenario{display:flex;flex-direction:column;gap:.5rem;border:1px solid #ccc;border-radius:4px}
        form.team .profile{display:flex;gap:.8rem;align-items:end;margin-top:.8rem}textarea:focus{outline:3px solid #d9822b;outline-offset:1px}
        .factors li{margin:.15rem 0}.figures td,.figures th{text-align:right}.figures th:first-child{text-align:left}
        """

    /// A query-string value: everything but unreserved characters (RFC 3986) percent-encoded, so "&", "+" and "=" stay inside the value.
    static func queryEscape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func page(title: String, current: String, body: String) -> String {
        let links = [("/", "Estimate"), ("/compare", "Compare"), ("/cost", "Cost"), ("/team", "Team"), ("/data", "Data"), ("/submit", "Submit")].map {
            href,
            name in
            "<a href=\"\(href)\"\(href == current ? " aria-current=\"page\"" : "")>\(name)</a>"
        }.joined()
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(TextEscaping.html(title)) · RateCard</title><style>\(HTMLRenderer.style)\(formStyle)</style></head>
            <body><header><nav aria-label="Main">\(links)</nav></header><main>
            <h1>\(TextEscaping.html(title))</h1>
            \(body)
            </main><footer><p>Data: U.S. Bureau of Labor Statistics OEWS May 2025 (public domain); Stack Overflow Developer Surveys (ODbL 1.0); DOU.ua salary surveys (source: <a href="https://dou.ua/">DOU</a>); colombia-dev salary surveys 2020–2021 (<a href="https://github.com/colombia-dev/data">colombia-dev/data</a>, CC BY-SA 4.0); ECB reference rates; World Bank ICP; agency and marketplace rates fitted from Clutch, GoodFirms and Freelancer.com listings (fitted figures only). <a href="/openapi.yaml">API</a></p></footer></body></html>

            """
    }

    /// A text input with its label.
    static func field(_ name: String, _ label: String, value: String?, placeholder: String = "", list: String? = nil, type: String = "text") -> String
    {
        "<label>\(TextEscaping.html(label))<input name=\"\(name)\" type=\"\(type)\" value=\"\(TextEscaping.html(value ?? ""))\" placeholder=\"\(TextEscaping.html(placeholder))\"\(list.map { " list=\"\($0)\"" } ?? "")></label>"
    }

    static func select(_ name: String, _ label: String, options: [(String, String)], selected: String?) -> String {
        "<label>\(TextEscaping.html(label))<select name=\"\(name)\">"
            + options.map { value, text in
                "<option value=\"\(TextEscaping.html(value))\"\(value == selected ? " selected" : "")>\(TextEscaping.html(text))</option>"
            }.joined() + "</select></label>"
    }

    /// The profile fields shared by the estimate and cost forms.
    static func profileFields(
        _ input: ProfileInput,
        countries: [Country],
        includeEmployment: Bool = true,
        includeBusinessCountry: Bool = false
    ) -> String {
        let datalist = "<datalist id=\"countries\">" + countries.map { "<option value=\"\(TextEscaping.html($0.name))\">" }.joined() + "</datalist>"
        var fields = [
            field("country", "Country", value: input.country, placeholder: "Poland or PL", list: "countries"),
            field("city", "City (optional)", value: input.city, placeholder: "Warsaw"),
            field("years", "Years of experience", value: input.years, placeholder: "6", type: "number"),
            field("skills", "Skills (comma-separated)", value: input.skills.joined(separator: ", "), placeholder: "Go, PostgreSQL"),
            select("role", "Role", options: Role.allCases.map { ($0.rawValue, $0.rawValue) }, selected: input.role ?? "backend"),
        ]
        if includeBusinessCountry {
            fields.insert(
                field(
                    "business_country",
                    "Employer's country (optional)",
                    value: input.businessCountry,
                    placeholder: "where the business is",
                    list: "countries"
                ),
                at: 2
            )
        }
        if includeEmployment {
            fields.append(
                select(
                    "employment",
                    "Hire as",
                    options: HireType.allCases.map { ($0.rawValue, $0.rawValue) },
                    selected: input.employment ?? "employee"
                )
            )
        }
        fields.append(field("currency", "Currency", value: input.currency, placeholder: "USD"))
        return datalist + fields.joined()
    }
}
