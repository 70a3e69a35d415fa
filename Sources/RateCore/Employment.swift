/// How the developer is engaged.
public enum EmploymentType: String, Sendable, Codable, CaseIterable, Hashable {
    case employeeFullTime = "employee-full-time"
    case employeePartTime = "employee-part-time"
    case freelancer
    case agency
    case selfEmployed = "self-employed"

    /// Whether this is an employment relationship (the employer pays burden on top).
    public var isEmployee: Bool { self == .employeeFullTime || self == .employeePartTime }

    /// Accepts RateCard's names and the survey labels ("Employed full-time", "Freelance / Contractor",
    /// "Independent contractor, freelancer, or self-employed", DOU's Ukrainian labels...).
    /// Returns `nil` for labels that are not a paid engagement (unemployed, student, retired).
    public init?(parsing text: String) {
        let lower = text.lowercased()
        if lower.isEmpty { return nil }
        switch TextKey.make(text) {
        case "employee", "employeefulltime", "fulltime", "employedfulltime", "permanent":
            self = .employeeFullTime
            return
        case "employeeparttime", "parttime", "employedparttime":
            self = .employeePartTime
            return
        case "freelancer", "freelance", "contractor", "freelancecontractor":
            self = .freelancer
            return
        case "agency", "outsourcing", "outstaffing":
            self = .agency
            return
        case "selfemployed":
            self = .selfEmployed
            return
        default: break
        }
        let notWorking = [
            "unemployed", "not employed", "student", "retired", "втратив", "не працюю", "sabbatical", "бенч", "неоплачуван", "військовій службі",
        ]
        if notWorking.contains(where: lower.contains) { return nil }
        if lower.contains("part-time") || lower.contains("part time") {
            self = .employeePartTime
        } else if lower.contains("full-time") || lower.contains("full time") || lower.contains("працюю в it") || lower.contains("працюю в іт") {
            self = .employeeFullTime
        } else if lower.contains("freelanc") || lower.contains("contractor") || lower.contains("фрилан") || lower.contains("контрактор") {
            self = .freelancer
        } else if lower.contains("self-employed") {
            self = .selfEmployed
        } else {
            return nil
        }
    }
}

/// What the developer mainly does.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case backend
    case fullStack = "full-stack"
    case frontend, mobile, devops, data, qa, other

    /// Reads a survey's own label ("Back-end web developer", "Developer, back-end", "Back-end розробка",
    /// "DevOps", "Quality Assurance"...). For multi-select answers, the first role found in the order
    /// of `allCases` wins, so someone answering both back-end and full-stack counts as back-end.
    public init(surveyLabel text: String) {
        let lower = text.lowercased()
        let rules: [(Role, [String])] = [
            (.backend, ["back-end", "backend", "back end", "enterprise level services", "server-side"]),
            (.fullStack, ["full-stack", "full stack", "fullstack"]),
            (.frontend, ["front-end", "frontend", "front end", "web developer", "html coder"]),
            (.mobile, ["mobile", "ios", "android", "windows phone"]),
            (.devops, ["devops", "site reliability", "system administrator", "sysadmin", "cloud infrastructure", "network"]),
            (
                .data,
                [
                    "data scien", "machine learning", "data engineer", "statistics", "business intelligence", "data warehous", "database",
                    "ml engineer", "data analyst", "big data",
                ]
            ),
            (.qa, ["quality assurance", "qa", "test", "tester"]),
        ]
        for (role, needles) in rules where needles.contains(where: lower.contains) {
            self = role
            return
        }
        self = .other
    }

    /// Accepts RateCard's own names ("backend", "full-stack") as well as survey labels.
    public init?(parsing text: String) {
        let key = TextKey.make(text)
        if let exact = Role.allCases.first(where: { TextKey.make($0.rawValue) == key }) {
            self = exact
            return
        }
        let role = Role(surveyLabel: text)
        guard role != .other else { return nil }
        self = role
    }
}
