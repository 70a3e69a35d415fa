import GRDB
import GRDBSQLite
import RateCore
import RateStore

/// Mapping between domain values and SQLite rows. Storage shapes stay in this file.
enum SQLiteRows {
    /// The observation columns in the order `observation(_:)` reads them by position: reading by
    /// name costs a case-insensitive search per column, which dominated loading 200,000 rows.
    static let observationColumns = """
        record_key, line, observed_on, amount_minor, currency, currency_digits, period, basis, band_low_minor, band_high_minor,
        annual_usd_cents, hourly_usd_cents, fx_rate, fx_date, fx_origin, country, subdivision, city, city_key, years, band_low_years,
        band_high_years, stated_level, skills, other_skills, role, employment, weight, quality, quality_rule, source_id,
        coding_years, business_country, remote_work, base_minor, stock_minor, bonus_minor
        """

    /// The advertised-range columns in the order `advertisedRange(_:)` reads them.
    static let advertisedRangeColumns = """
        record_key, offer_key, line, observed_on, country, subdivision, city, city_key, role, level, skills, other_skills, employment,
        currency, currency_digits, period, low_minor, high_minor, low_hourly_usd_cents, high_hourly_usd_cents, fx_rate, fx_date, title
        """

    static func advertisedRange(_ row: Row) -> AdvertisedRange {
        let currency = CurrencyCode(row[13] as String) ?? .usd
        let digits: Int = row[14]
        return AdvertisedRange(
            recordKey: row[0],
            offerKey: row[1],
            line: row[2],
            observedOn: CalendarDate(iso: row[3]) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            location: Location(country: CountryCode(row[4] as String)!, subdivision: row[5], city: row[6], cityKey: row[7]),
            role: Role(rawValue: row[8]) ?? .other,
            level: (row[9] as String?).flatMap(ExperienceLevel.init(rawValue:)),
            skills: SkillColumns.join(known: row[10], other: row[11]),
            employment: EmploymentType(rawValue: row[12]) ?? .employeeFullTime,
            low: Money(minorUnits: row[16], currency: currency, minorUnitDigits: digits),
            high: Money(minorUnits: row[17], currency: currency, minorUnitDigits: digits),
            period: PayPeriod(rawValue: row[15]) ?? .month,
            lowHourlyUSD: Money(minorUnits: row[18], currency: .usd),
            highHourlyUSD: Money(minorUnits: row[19], currency: .usd),
            fxRate: row[20],
            fxDate: (row[21] as String?).flatMap(CalendarDate.init(iso:)),
            title: row[22]
        )
    }

    static func observation(_ row: Row) -> Observation {
        let currency = CurrencyCode(row[4] as String) ?? .usd
        let digits: Int = row[5]
        func money(_ column: Int) -> Money? {
            (row[column] as Int64?).map { Money(minorUnits: $0, currency: currency, minorUnitDigits: digits) }
        }
        let skills = SkillColumns.join(known: row[23], other: row[24])
        return Observation(
            recordKey: row[0],
            line: row[1],
            observedOn: CalendarDate(iso: row[2]) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            reported: ReportedPay(
                amount: Money(minorUnits: row[3], currency: currency, minorUnitDigits: digits),
                period: PayPeriod(rawValue: row[6]) ?? .year,
                basis: PayBasis(rawValue: row[7]) ?? .gross,
                bandLow: money(8),
                bandHigh: money(9)
            ),
            normalised: NormalisedPay(
                annualUSD: Money(minorUnits: row[10], currency: .usd),
                hourlyUSD: Money(minorUnits: row[11], currency: .usd),
                fxRate: row[12],
                fxDate: (row[13] as String?).flatMap(CalendarDate.init(iso:)),
                fxOrigin: RateOrigin(rawValue: row[14]) ?? .none
            ),
            location: Location(country: CountryCode(row[15] as String)!, subdivision: row[16], city: row[17], cityKey: row[18]),
            experience: Experience(
                years: row[19],
                bandLow: row[20],
                bandHigh: row[21],
                statedLevel: (row[22] as String?).flatMap(ExperienceLevel.init(rawValue:)),
                codingYears: row[31]
            ),
            skills: skills,
            role: Role(rawValue: row[25]) ?? .other,
            employment: EmploymentType(rawValue: row[26]) ?? .employeeFullTime,
            weight: row[27],
            quality: QualityFlag(rawValue: row[28]) ?? .ok,
            qualityRule: row[29],
            sourceID: row[30],
            business: (row[32] as String?).flatMap(BusinessLocation.init(storageCode:)),
            remoteWork: (row[33] as String?).flatMap(RemoteWork.init(rawValue:)),
            compensation: CompensationParts(base: money(34), stock: money(35), bonus: money(36)).nilWhenEmpty
        )
    }

    static func distribution(_ row: Row) -> PublishedDistribution {
        func money(_ column: String) -> Money? { (row[column] as Int64?).map { Money(minorUnits: $0, currency: .usd) } }
        func set(_ prefix: String) -> PercentileSet {
            PercentileSet(
                p10: money("\(prefix)_p10_cents"),
                p25: money("\(prefix)_p25_cents"),
                p50: money("\(prefix)_p50_cents"),
                p75: money("\(prefix)_p75_cents"),
                p90: money("\(prefix)_p90_cents")
            )
        }
        let topCoded: String = row["top_coded_cells"]
        return PublishedDistribution(
            recordKey: row["record_key"],
            line: row["line"],
            observedOn: CalendarDate(iso: row["observed_on"]) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            location: Location(
                country: CountryCode(row["country"] as String)!,
                subdivision: row["subdivision"],
                city: row["city"],
                cityKey: row["city_key"]
            ),
            areaType: row["area_type"],
            areaCode: row["area_code"],
            areaName: row["area_name"],
            occupationCode: row["occupation_code"],
            occupationName: row["occupation_name"],
            industryCode: row["industry_code"],
            industryName: row["industry_name"],
            role: Role(rawValue: row["role"]) ?? .other,
            employment: row["employment"],
            annual: set("annual"),
            hourly: set("hourly"),
            annualMean: money("annual_mean_cents"),
            hourlyMean: money("hourly_mean_cents"),
            topCodedCells: topCoded.split(separator: ";").map(String.init),
            locationQuotient: row["location_quotient"],
            jobsPerThousand: row["jobs_per_thousand"],
            footnotes: row["footnotes"],
            quality: QualityFlag(rawValue: row["quality"]) ?? .ok,
            qualityRule: row["quality_rule"]
        )
    }
}

/// Writes one import's rows through prepared statements inside the import transaction.
///
/// Binds values with the SQLite C API on GRDB's own prepared statements (`Statement.sqliteStatement`)
/// rather than through `StatementArguments`: an import binds 31 values per row for hundreds of
/// thousands of rows, and boxing each one as an existential costs more than SQLite's insert itself.
final class SQLiteImportSink: ImportSink {
    private let db: Database
    private let sourceID: Int64
    private let insertObservation: Statement
    private let insertDistribution: Statement
    private let insertRejected: Statement
    private let insertRange: Statement

    init(db: Database, sourceID: Int64) throws {
        self.db = db
        self.sourceID = sourceID
        insertObservation = try db.makeStatement(
            sql: """
                INSERT INTO observation (source_id, record_key, line, observed_on, amount_minor, currency, currency_digits, period, basis,
                    band_low_minor, band_high_minor, annual_usd_cents, hourly_usd_cents, fx_rate, fx_date, fx_origin, country, subdivision,
                    city, city_key, years, band_low_years, band_high_years, stated_level, skills, other_skills, role, employment, weight,
                    quality, quality_rule, coding_years, business_country, remote_work, base_minor, stock_minor, bonus_minor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (record_key) DO NOTHING
                """
        )
        insertDistribution = try db.makeStatement(
            sql: """
                INSERT INTO distribution (source_id, record_key, line, observed_on, country, subdivision, city, city_key, area_type, area_code,
                    area_name, occupation_code, occupation_name, industry_code, industry_name, role, employment,
                    annual_p10_cents, annual_p25_cents, annual_p50_cents, annual_p75_cents, annual_p90_cents,
                    hourly_p10_cents, hourly_p25_cents, hourly_p50_cents, hourly_p75_cents, hourly_p90_cents,
                    annual_mean_cents, hourly_mean_cents, top_coded_cells, location_quotient, jobs_per_thousand, footnotes, quality, quality_rule)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (record_key) DO NOTHING
                """
        )
        insertRange = try db.makeStatement(
            sql: """
                INSERT INTO advertised_range (source_id, \(SQLiteRows.advertisedRangeColumns))
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (record_key) DO NOTHING
                """
        )
        insertRejected = try db.makeStatement(
            sql: """
                INSERT INTO rejected_row (source_id, line, field, value, reason, message) VALUES (?, ?, ?, ?, ?, ?)
                """
        )
    }

    func insert(_ o: Observation) throws -> Bool {
        let (known, other) = SkillColumns.split(o.skills)
        var bind = Binder(insertObservation.sqliteStatement)
        bind(sourceID)
        bind(o.recordKey)
        bind(Int64(o.line))
        bind(o.observedOn.description)
        bind(o.reported.amount.minorUnits)
        bind(o.reported.amount.currency.code)
        bind(Int64(o.reported.amount.minorUnitDigits))
        bind(o.reported.period.rawValue)
        bind(o.reported.basis.rawValue)
        bind(o.reported.bandLow?.minorUnits)
        bind(o.reported.bandHigh?.minorUnits)
        bind(o.normalised.annualUSD.minorUnits)
        bind(o.normalised.hourlyUSD.minorUnits)
        bind(o.normalised.fxRate)
        bind(o.normalised.fxDate?.description)
        bind(o.normalised.fxOrigin.rawValue)
        bind(o.location.country.alpha2)
        bind(o.location.subdivision)
        bind(o.location.city)
        bind(o.location.cityKey)
        bind(o.experience.years)
        bind(o.experience.bandLow)
        bind(o.experience.bandHigh)
        bind(o.experience.statedLevel?.rawValue)
        bind(known)
        bind(other)
        bind(o.role.rawValue)
        bind(o.employment.rawValue)
        bind(o.weight)
        bind(o.quality.rawValue)
        bind(o.qualityRule)
        bind(o.experience.codingYears)
        bind(o.business?.storageCode)
        bind(o.remoteWork?.rawValue)
        bind(o.compensation?.base?.minorUnits)
        bind(o.compensation?.stock?.minorUnits)
        bind(o.compensation?.bonus?.minorUnits)
        return try step(insertObservation)
    }

    func insert(_ r: AdvertisedRange) throws -> Bool {
        let (known, other) = SkillColumns.split(r.skills)
        var bind = Binder(insertRange.sqliteStatement)
        bind(sourceID)
        bind(r.recordKey)
        bind(r.offerKey)
        bind(Int64(r.line))
        bind(r.observedOn.description)
        bind(r.location.country.alpha2)
        bind(r.location.subdivision)
        bind(r.location.city)
        bind(r.location.cityKey)
        bind(r.role.rawValue)
        bind(r.level?.rawValue)
        bind(known)
        bind(other)
        bind(r.employment.rawValue)
        bind(r.low.currency.code)
        bind(Int64(r.low.minorUnitDigits))
        bind(r.period.rawValue)
        bind(r.low.minorUnits)
        bind(r.high.minorUnits)
        bind(r.lowHourlyUSD.minorUnits)
        bind(r.highHourlyUSD.minorUnits)
        bind(r.fxRate)
        bind(r.fxDate?.description)
        bind(r.title)
        return try step(insertRange)
    }

    func insert(_ d: PublishedDistribution) throws -> Bool {
        var bind = Binder(insertDistribution.sqliteStatement)
        bind(sourceID)
        bind(d.recordKey)
        bind(Int64(d.line))
        bind(d.observedOn.description)
        bind(d.location.country.alpha2)
        bind(d.location.subdivision)
        bind(d.location.city)
        bind(d.location.cityKey)
        bind(d.areaType)
        bind(d.areaCode)
        bind(d.areaName)
        bind(d.occupationCode)
        bind(d.occupationName)
        bind(d.industryCode)
        bind(d.industryName)
        bind(d.role.rawValue)
        bind(d.employment.map(Int64.init))
        for cell in d.annual.all { bind(cell?.minorUnits) }
        for cell in d.hourly.all { bind(cell?.minorUnits) }
        bind(d.annualMean?.minorUnits)
        bind(d.hourlyMean?.minorUnits)
        bind(d.topCodedCells.joined(separator: ";"))
        bind(d.locationQuotient)
        bind(d.jobsPerThousand)
        bind(d.footnotes)
        bind(d.quality.rawValue)
        bind(d.qualityRule)
        return try step(insertDistribution)
    }

    func reject(_ issue: RowIssue) throws {
        var bind = Binder(insertRejected.sqliteStatement)
        bind(sourceID)
        bind(Int64(issue.line))
        bind(issue.field)
        bind(issue.value)
        bind(issue.reason.rawValue)
        bind(issue.message)
        _ = try step(insertRejected)
    }

    /// Runs a bound insert; `true` when it inserted a row (`false` when `ON CONFLICT DO NOTHING` skipped it).
    private func step(_ statement: Statement) throws -> Bool {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code),
                message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: statement.sql
            )
        }
        return sqlite3_changes(db.sqliteConnection) > 0
    }
}

/// Binds positional parameters in order.
struct Binder {
    private let handle: OpaquePointer
    private var index: Int32 = 1
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ handle: OpaquePointer) { self.handle = handle }

    mutating func callAsFunction(_ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
        index += 1
    }

    mutating func callAsFunction(_ value: Double?) {
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
        index += 1
    }

    mutating func callAsFunction(_ value: String?) {
        if var value {
            value.withUTF8 { buffer in
                if let base = buffer.baseAddress, buffer.count > 0 {
                    _ = sqlite3_bind_text(
                        handle,
                        index,
                        UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                        Int32(buffer.count),
                        Binder.transient
                    )
                } else {
                    _ = sqlite3_bind_text(handle, index, "", 0, Binder.transient)
                }
            }
        } else {
            sqlite3_bind_null(handle, index)
        }
        index += 1
    }
}
