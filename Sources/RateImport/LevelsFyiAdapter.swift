import RateCore

/// levels.fyi submissions (the Kaggle "Data Science and STEM Salaries" export, 2017–2021): total
/// yearly compensation in USD with its base salary, stock grants and bonus, the company, title,
/// `tag` (the team's speciality), years of experience and a location written "City, ST" in the
/// United States and "City, Region, Country" elsewhere.
///
/// These are mostly big-tech offers, the top of the market. The rows keep a source of their own
/// ("levelsfyi"), which the model fits apart from the general level (methodology, §2): they never
/// move the answer for a developer in general, and estimates show them as a figure of their own.
struct LevelsFyiAdapter: RecordAdapter {
    let dataset = "levelsfyi"
    let context: ImportContext
    let resolvers: CachedResolvers

    static func detect(_ names: Set<String>) -> Bool {
        names.isSuperset(of: ["totalyearlycompensation", "basesalary", "stockgrantvalue", "bonus", "location", "yearsofexperience", "title"])
    }

    func convert(_ row: Row) -> ImportItem {
        guard let timestamp = row["timestamp"], let date = DateText.monthFirst(timestamp) else {
            return row.issue("timestamp", .invalidValue, "'\(InputQuote.make(row.raw("timestamp")))' is not a submission time (M/D/YYYY H:MM:SS)")
        }
        guard let totalText = row["totalyearlycompensation"] else {
            return row.issue("totalyearlycompensation", .missingPay, "no total compensation given")
        }
        guard let total = NumberText.parse(totalText), total > 0 else {
            return row.issue("totalyearlycompensation", .invalidAmount, "'\(InputQuote.make(totalText))' is not a positive number of dollars")
        }
        guard let locationText = row["location"] else { return row.issue("location", .missingCountry, "no location given; the row cannot be placed") }
        guard let place = Self.place(locationText, resolvers: resolvers) else {
            return row.issue(
                "location",
                .unknownCountry,
                "'\(InputQuote.make(locationText))' is neither \"City, ST\" (a US state) nor \"City, Region, Country\" with a country RateCard knows"
            )
        }
        let pay: PayNormaliser.Result
        do {
            pay = try context.normaliser.dollars(total, on: date, line: row.line, field: "totalyearlycompensation")
        } catch { return .rejected(error) }
        func part(_ field: String) -> Money? { row.number(field).flatMap { $0 >= 0 ? Money(amount: $0, currency: .usd) : nil } }
        // A base of 0 is an unanswered field (the total is positive), not a salary of nothing.
        let base = part("basesalary").flatMap { $0.minorUnits > 0 ? $0 : nil }
        let key = row["rowNumber"].map { "\(dataset):\($0)" } ?? "\(dataset):line-\(row.line)"
        return .observation(
            Observation(
                recordKey: key,
                line: row.line,
                observedOn: date,
                reported: pay.reported,
                normalised: pay.normalised,
                location: place,
                experience: Experience(years: row.number("yearsofexperience").flatMap { $0 >= 0 && $0 <= 60 ? $0 : nil }),
                skills: [],
                role: Self.role(title: row["title"], tag: row["tag"], resolvers: resolvers),
                employment: .employeeFullTime,
                quality: pay.quality,
                qualityRule: pay.qualityRule,
                compensation: CompensationParts(base: base, stock: part("stockgrantvalue"), bonus: part("bonus"))
            )
        )
    }

    /// "Seattle, WA" → Seattle in Washington, United States; "Bengaluru, KA, India" → Bangalore, India;
    /// "Tel Aviv, Israel" → Israel.
    static func place(_ text: String, resolvers: CachedResolvers) -> Location? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard parts.count >= 2 else { return nil }
        let city = resolvers.city(parts[0])
        if parts.count == 2, USStates.codes.contains(parts[1]), let us = resolvers.country("US") {
            return Location(country: us.code, subdivision: parts[1], city: city?.name ?? parts[0], cityKey: city?.key ?? TextKey.make(parts[0]))
        }
        // "Seoul, KG, Korea, South": a country written "Name, Qualifier" spans the last two parts.
        let candidates =
            parts.count >= 4
            ? [parts[2...].joined(separator: ", "), "\(parts[parts.count - 1]) \(parts[parts.count - 2])", parts[parts.count - 1]]
            : [parts[parts.count - 1]]
        guard let country = candidates.lazy.compactMap({ resolvers.country($0) }).first else { return nil }
        return Location(
            country: country.code,
            subdivision: parts.count >= 3 ? parts[1] : nil,
            city: city?.name ?? parts[0],
            cityKey: city?.key ?? TextKey.make(parts[0])
        )
    }

    /// A software engineer's role is their team's (`tag`): "Distributed Systems (Back-End)",
    /// "Full Stack", "ML / AI"…; a data scientist does data; other titles (managers, product,
    /// hardware, sales) are `other`.
    static func role(title: String?, tag: String?, resolvers: CachedResolvers) -> Role {
        switch title {
        case "Software Engineer":
            guard let tag else { return .other }
            let key = TextKey.make(tag)
            if key == "mlai" || key == "data" || key.hasPrefix("machinelearning") { return .data }
            return resolvers.role(tag)
        case "Data Scientist": return .data
        default: return .other
        }
    }

}
