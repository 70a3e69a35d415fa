import PostgresNIO
import RateCore
import RateStore

/// Mapping between domain values and PostgreSQL rows. Storage shapes stay in this file.
enum PostgresRows {
    /// The observation columns, in the order `observation(_:)` reads them.
    static let observationColumns = """
        record_key, line, observed_on, amount_minor, currency, currency_digits, period, basis, band_low_minor, band_high_minor,
        annual_usd_cents, hourly_usd_cents, fx_rate, fx_date, fx_origin, country, subdivision, city, city_key, years, band_low_years,
        band_high_years, stated_level, skills, other_skills, role, employment, weight, quality, quality_rule, source_id,
        coding_years, business_country, remote_work, base_minor, stock_minor, bonus_minor
        """

    /// The advertised-range columns, in the order `advertisedRange(_:)` reads them.
    static let advertisedRangeColumns = """
        record_key, offer_key, line, observed_on, country, subdivision, city, city_key, role, level, skills, other_skills, employment,
        currency, currency_digits, period, low_minor, high_minor, low_hourly_usd_cents, high_hourly_usd_cents, fx_rate, fx_date, title
        """

    static func advertisedRange(_ row: PostgresRandomAccessRow) throws -> AdvertisedRange {
        func text(_ index: Int) throws -> String { try row[index].decode(String.self) }
        func optionalText(_ index: Int) throws -> String? { try row[index].decode(String?.self) }
        func integer(_ index: Int) throws -> Int64 { try row[index].decode(Int64.self) }
        let currency = CurrencyCode(try text(13)) ?? .usd
        let digits = Int(try integer(14))
        guard let country = CountryCode(try text(4)) else {
            throw StoreError.unavailable("a stored advertised range has an invalid country code '\(try text(4))'")
        }
        return AdvertisedRange(
            recordKey: try text(0),
            offerKey: try text(1),
            line: Int(try integer(2)),
            observedOn: CalendarDate(iso: try text(3)) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            location: Location(country: country, subdivision: try optionalText(5), city: try optionalText(6), cityKey: try optionalText(7)),
            role: Role(rawValue: try text(8)) ?? .other,
            level: try optionalText(9).flatMap(ExperienceLevel.init(rawValue:)),
            skills: SkillColumns.join(known: try text(10), other: try text(11)),
            employment: EmploymentType(rawValue: try text(12)) ?? .employeeFullTime,
            low: Money(minorUnits: try integer(16), currency: currency, minorUnitDigits: digits),
            high: Money(minorUnits: try integer(17), currency: currency, minorUnitDigits: digits),
            period: PayPeriod(rawValue: try text(15)) ?? .month,
            lowHourlyUSD: Money(minorUnits: try integer(18), currency: .usd),
            highHourlyUSD: Money(minorUnits: try integer(19), currency: .usd),
            fxRate: try row[20].decode(Double.self),
            fxDate: try optionalText(21).flatMap(CalendarDate.init(iso:)),
            title: try optionalText(22)
        )
    }

    static func observation(_ row: PostgresRandomAccessRow) throws -> Observation {
        func text(_ index: Int) throws -> String { try row[index].decode(String.self) }
        func optionalText(_ index: Int) throws -> String? { try row[index].decode(String?.self) }
        func integer(_ index: Int) throws -> Int64 { try row[index].decode(Int64.self) }
        func optionalInteger(_ index: Int) throws -> Int64? { try row[index].decode(Int64?.self) }
        func optionalDouble(_ index: Int) throws -> Double? { try row[index].decode(Double?.self) }
        let currency = CurrencyCode(try text(4)) ?? .usd
        let digits = Int(try integer(5))
        func money(_ index: Int) throws -> Money? {
            try optionalInteger(index).map { Money(minorUnits: $0, currency: currency, minorUnitDigits: digits) }
        }
        let skills = SkillColumns.join(known: try text(23), other: try text(24))
        guard let country = CountryCode(try text(15)) else {
            throw StoreError.unavailable("a stored observation has an invalid country code '\(try text(15))'")
        }
        return Observation(
            recordKey: try optionalText(0),
            line: Int(try integer(1)),
            observedOn: CalendarDate(iso: try text(2)) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            reported: ReportedPay(
                amount: Money(minorUnits: try integer(3), currency: currency, minorUnitDigits: digits),
                period: PayPeriod(rawValue: try text(6)) ?? .year,
                basis: PayBasis(rawValue: try text(7)) ?? .gross,
                bandLow: try money(8),
                bandHigh: try money(9)
            ),
            normalised: NormalisedPay(
                annualUSD: Money(minorUnits: try integer(10), currency: .usd),
                hourlyUSD: Money(minorUnits: try integer(11), currency: .usd),
                fxRate: try row[12].decode(Double.self),
                fxDate: try optionalText(13).flatMap(CalendarDate.init(iso:)),
                fxOrigin: RateOrigin(rawValue: try text(14)) ?? .none
            ),
            location: Location(country: country, subdivision: try optionalText(16), city: try optionalText(17), cityKey: try optionalText(18)),
            experience: Experience(
                years: try optionalDouble(19),
                bandLow: try optionalDouble(20),
                bandHigh: try optionalDouble(21),
                statedLevel: try optionalText(22).flatMap(ExperienceLevel.init(rawValue:)),
                codingYears: try optionalDouble(31)
            ),
            skills: skills,
            role: Role(rawValue: try text(25)) ?? .other,
            employment: EmploymentType(rawValue: try text(26)) ?? .employeeFullTime,
            weight: try row[27].decode(Double.self),
            quality: QualityFlag(rawValue: try text(28)) ?? .ok,
            qualityRule: try optionalText(29),
            sourceID: try integer(30),
            business: try optionalText(32).flatMap(BusinessLocation.init(storageCode:)),
            remoteWork: try optionalText(33).flatMap(RemoteWork.init(rawValue:)),
            compensation: CompensationParts(base: try money(34), stock: try money(35), bonus: try money(36)).nilWhenEmpty
        )
    }

    static let distributionColumns = """
        record_key, line, observed_on, country, subdivision, city, city_key, area_type, area_code, area_name, occupation_code,
        occupation_name, industry_code, industry_name, role, employment,
        annual_p10_cents, annual_p25_cents, annual_p50_cents, annual_p75_cents, annual_p90_cents,
        hourly_p10_cents, hourly_p25_cents, hourly_p50_cents, hourly_p75_cents, hourly_p90_cents,
        annual_mean_cents, hourly_mean_cents, top_coded_cells, location_quotient, jobs_per_thousand, footnotes, quality, quality_rule
        """

    static func distribution(_ row: PostgresRandomAccessRow) throws -> PublishedDistribution {
        func text(_ index: Int) throws -> String { try row[index].decode(String.self) }
        func optionalText(_ index: Int) throws -> String? { try row[index].decode(String?.self) }
        func money(_ index: Int) throws -> Money? { try row[index].decode(Int64?.self).map { Money(minorUnits: $0, currency: .usd) } }
        func set(_ first: Int) throws -> PercentileSet {
            PercentileSet(
                p10: try money(first),
                p25: try money(first + 1),
                p50: try money(first + 2),
                p75: try money(first + 3),
                p90: try money(first + 4)
            )
        }
        guard let country = CountryCode(try text(3)) else {
            throw StoreError.unavailable("a stored distribution has an invalid country code '\(try text(3))'")
        }
        let topCoded = try text(28)
        return PublishedDistribution(
            recordKey: try text(0),
            line: Int(try row[1].decode(Int64.self)),
            observedOn: CalendarDate(iso: try text(2)) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            location: Location(country: country, subdivision: try optionalText(4), city: try optionalText(5), cityKey: try optionalText(6)),
            areaType: try text(7),
            areaCode: try text(8),
            areaName: try text(9),
            occupationCode: try text(10),
            occupationName: try text(11),
            industryCode: try text(12),
            industryName: try text(13),
            role: Role(rawValue: try text(14)) ?? .other,
            employment: try row[15].decode(Int64?.self).map(Int.init),
            annual: try set(16),
            hourly: try set(21),
            annualMean: try money(26),
            hourlyMean: try money(27),
            topCodedCells: topCoded.split(separator: ";").map(String.init),
            locationQuotient: try row[29].decode(Double?.self),
            jobsPerThousand: try row[30].decode(Double?.self),
            footnotes: try text(31),
            quality: QualityFlag(rawValue: try text(32)) ?? .ok,
            qualityRule: try optionalText(33)
        )
    }

    /// Bins of `hourlyHistogram`, computed in SQL. Binds: $1–$3 the mid, senior and lead level
    /// boundaries, $4 and $5 the histogram's lower and upper bounds; `filter` may bind more.
    ///
    /// The level mirrors `Experience.level`: exact years, else the band's midpoint (low + 2 for an
    /// open band), else the stated level. The bin is `LogHistogram`'s IEEE-bit key, rebuilt
    /// exactly: the binary exponent e (ln/ln 2, then corrected so that 2^e ≤ h < 2^(e+1)), then the
    /// top 11 bits of the mantissa, floor((h / 2^e − 1) · 2048), both steps exact in float8.
    static func histogramSQL(filter: String) -> String {
        """
        WITH leveled AS (
            SELECT country, weight, hourly_usd_cents::float8 / 100 AS h,
                CASE
                    WHEN ry IS NULL THEN stated_level
                    WHEN ry < $1 THEN 'entry' WHEN ry < $2 THEN 'mid' WHEN ry < $3 THEN 'senior' ELSE 'lead'
                END AS level
            FROM (
                SELECT country, weight, hourly_usd_cents, stated_level,
                    COALESCE(years, CASE WHEN band_low_years IS NULL THEN NULL
                                         WHEN band_high_years IS NULL THEN band_low_years + 2
                                         ELSE (band_low_years + band_high_years) / 2 END) AS ry
                FROM observation
                WHERE hourly_usd_cents > 0 AND weight > 0 AND \(filter)
            ) AS o
        ), exponent AS (
            SELECT country, level, h, weight, floor(ln(h) / ln(2::float8)) AS e0 FROM leveled WHERE level IS NOT NULL
        ), binned AS (
            SELECT country, level, h, weight,
                CASE WHEN power(2::float8, e0) > h THEN e0 - 1 WHEN power(2::float8, e0 + 1) <= h THEN e0 + 1 ELSE e0 END AS e
            FROM exponent
        )
        SELECT country, level,
            CASE WHEN h < $4 THEN -1 WHEN h >= $5 THEN -2
                 ELSE ((e + 1023) * 2048 + floor((h / power(2::float8, e) - 1) * 2048))::bigint END AS bin,
            sum(weight)::float8, min(h), max(h)
        FROM binned
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        """
    }
}
