import GRDB
import RateCore
import RateStore

/// Mapping between domain values and SQLite rows. Storage shapes stay in this file.
enum SQLiteRows {
    static func observation(_ row: Row) -> Observation {
        let currency = CurrencyCode(row["currency"] as String) ?? .usd
        let digits: Int = row["currency_digits"]
        func money(_ column: String) -> Money? {
            (row[column] as Int64?).map { Money(minorUnits: $0, currency: currency, minorUnitDigits: digits) }
        }
        let known: String = row["skills"], other: String = row["other_skills"]
        let skills = known.split(separator: ";").map { Skill(name: String($0), isKnown: true) }
            + other.split(separator: ";").map { Skill(name: String($0), isKnown: false) }
        return Observation(
            recordKey: row["record_key"], line: row["line"],
            observedOn: CalendarDate(iso: row["observed_on"]) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            reported: ReportedPay(
                amount: Money(minorUnits: row["amount_minor"], currency: currency, minorUnitDigits: digits),
                period: PayPeriod(rawValue: row["period"]) ?? .year, basis: PayBasis(rawValue: row["basis"]) ?? .gross,
                bandLow: money("band_low_minor"), bandHigh: money("band_high_minor")),
            normalised: NormalisedPay(
                annualUSD: Money(minorUnits: row["annual_usd_cents"], currency: .usd),
                hourlyUSD: Money(minorUnits: row["hourly_usd_cents"], currency: .usd),
                fxRate: row["fx_rate"], fxDate: (row["fx_date"] as String?).flatMap(CalendarDate.init(iso:)),
                fxOrigin: RateOrigin(rawValue: row["fx_origin"]) ?? .none),
            location: Location(country: CountryCode(row["country"] as String)!, subdivision: row["subdivision"], city: row["city"], cityKey: row["city_key"]),
            experience: Experience(years: row["years"], bandLow: row["band_low_years"], bandHigh: row["band_high_years"],
                                   statedLevel: (row["stated_level"] as String?).flatMap(ExperienceLevel.init(rawValue:))),
            skills: skills,
            role: Role(rawValue: row["role"]) ?? .other,
            employment: EmploymentType(rawValue: row["employment"]) ?? .employeeFullTime,
            weight: row["weight"],
            quality: QualityFlag(rawValue: row["quality"]) ?? .ok, qualityRule: row["quality_rule"])
    }

    static func distribution(_ row: Row) -> PublishedDistribution {
        func money(_ column: String) -> Money? { (row[column] as Int64?).map { Money(minorUnits: $0, currency: .usd) } }
        func set(_ prefix: String) -> PercentileSet {
            PercentileSet(p10: money("\(prefix)_p10_cents"), p25: money("\(prefix)_p25_cents"), p50: money("\(prefix)_p50_cents"),
                          p75: money("\(prefix)_p75_cents"), p90: money("\(prefix)_p90_cents"))
        }
        let topCoded: String = row["top_coded_cells"]
        return PublishedDistribution(
            recordKey: row["record_key"], line: row["line"],
            observedOn: CalendarDate(iso: row["observed_on"]) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            location: Location(country: CountryCode(row["country"] as String)!, subdivision: row["subdivision"], city: row["city"], cityKey: row["city_key"]),
            areaType: row["area_type"], areaCode: row["area_code"], areaName: row["area_name"],
            occupationCode: row["occupation_code"], occupationName: row["occupation_name"],
            industryCode: row["industry_code"], industryName: row["industry_name"],
            role: Role(rawValue: row["role"]) ?? .other, employment: row["employment"],
            annual: set("annual"), hourly: set("hourly"), annualMean: money("annual_mean_cents"), hourlyMean: money("hourly_mean_cents"),
            topCodedCells: topCoded.split(separator: ";").map(String.init),
            locationQuotient: row["location_quotient"], jobsPerThousand: row["jobs_per_thousand"], footnotes: row["footnotes"],
            quality: QualityFlag(rawValue: row["quality"]) ?? .ok, qualityRule: row["quality_rule"])
    }
}

/// Writes one import's rows through prepared statements inside the import transaction.
final class SQLiteImportSink: ImportSink {
    private let db: Database
    private let sourceID: Int64
    private let insertObservation: Statement
    private let insertDistribution: Statement
    private let insertRejected: Statement

    init(db: Database, sourceID: Int64) throws {
        self.db = db
        self.sourceID = sourceID
        insertObservation = try db.makeStatement(sql: """
            INSERT INTO observation (source_id, record_key, line, observed_on, amount_minor, currency, currency_digits, period, basis,
                band_low_minor, band_high_minor, annual_usd_cents, hourly_usd_cents, fx_rate, fx_date, fx_origin, country, subdivision,
                city, city_key, years, band_low_years, band_high_years, stated_level, skills, other_skills, role, employment, weight,
                quality, quality_rule)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (record_key) DO NOTHING
            """)
        insertDistribution = try db.makeStatement(sql: """
            INSERT INTO distribution (source_id, record_key, line, observed_on, country, subdivision, city, city_key, area_type, area_code,
                area_name, occupation_code, occupation_name, industry_code, industry_name, role, employment,
                annual_p10_cents, annual_p25_cents, annual_p50_cents, annual_p75_cents, annual_p90_cents,
                hourly_p10_cents, hourly_p25_cents, hourly_p50_cents, hourly_p75_cents, hourly_p90_cents,
                annual_mean_cents, hourly_mean_cents, top_coded_cells, location_quotient, jobs_per_thousand, footnotes, quality, quality_rule)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (record_key) DO NOTHING
            """)
        insertRejected = try db.makeStatement(sql: """
            INSERT INTO rejected_row (source_id, line, field, value, reason, message) VALUES (?, ?, ?, ?, ?, ?)
            """)
    }

    func insert(_ o: Observation) throws -> Bool {
        let known = o.skills.filter(\.isKnown).map(\.name).joined(separator: ";")
        let other = o.skills.filter { !$0.isKnown }.map { $0.name.replacingOccurrences(of: ";", with: ",") }.joined(separator: ";")
        insertObservation.setUncheckedArguments([
            sourceID, o.recordKey, o.line, o.observedOn.description, o.reported.amount.minorUnits, o.reported.amount.currency.code,
            o.reported.amount.minorUnitDigits, o.reported.period.rawValue, o.reported.basis.rawValue,
            o.reported.bandLow?.minorUnits, o.reported.bandHigh?.minorUnits,
            o.normalised.annualUSD.minorUnits, o.normalised.hourlyUSD.minorUnits, o.normalised.fxRate, o.normalised.fxDate?.description,
            o.normalised.fxOrigin.rawValue, o.location.country.alpha2, o.location.subdivision, o.location.city, o.location.cityKey,
            o.experience.years, o.experience.bandLow, o.experience.bandHigh, o.experience.statedLevel?.rawValue,
            known, other, o.role.rawValue, o.employment.rawValue, o.weight, o.quality.rawValue, o.qualityRule,
        ])
        try insertObservation.execute()
        return db.changesCount > 0
    }

    func insert(_ d: PublishedDistribution) throws -> Bool {
        let annual = d.annual.all.map { $0?.minorUnits }, hourly = d.hourly.all.map { $0?.minorUnits }
        insertDistribution.setUncheckedArguments([
            sourceID, d.recordKey, d.line, d.observedOn.description, d.location.country.alpha2, d.location.subdivision, d.location.city,
            d.location.cityKey, d.areaType, d.areaCode, d.areaName, d.occupationCode, d.occupationName, d.industryCode, d.industryName,
            d.role.rawValue, d.employment,
            annual[0], annual[1], annual[2], annual[3], annual[4], hourly[0], hourly[1], hourly[2], hourly[3], hourly[4],
            d.annualMean?.minorUnits, d.hourlyMean?.minorUnits, d.topCodedCells.joined(separator: ";"), d.locationQuotient,
            d.jobsPerThousand, d.footnotes, d.quality.rawValue, d.qualityRule,
        ])
        try insertDistribution.execute()
        return db.changesCount > 0
    }

    func reject(_ issue: RowIssue) throws {
        insertRejected.setUncheckedArguments([sourceID, issue.line, issue.field, issue.value, issue.reason.rawValue, issue.message])
        try insertRejected.execute()
    }
}
