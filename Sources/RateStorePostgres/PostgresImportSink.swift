import Foundation
import RateCore
import RateStore

/// Collects one import's rows as COPY text while the file is parsed.
///
/// `ImportSink` is synchronous and answers at once whether a record key is new, while COPY only
/// reports at the end. So the sink judges duplicates itself: keys seen earlier in this file, plus
/// the stored keys that share the key's dataset prefix ("so2016:"), loaded once per prefix through
/// `storedKeys`. Imports hold an advisory lock, so the stored keys cannot change meanwhile.
final class PostgresImportSink: ImportSink {
    enum Table: String {
        case observation, distribution
        case advertisedRange = "advertised_range"
    }

    let observations: CopySpool
    let distributions: CopySpool
    let advertisedRanges: CopySpool
    let rejections: CopySpool
    private let sourceID: Int64
    private let storedKeys: (Table, String) throws -> Set<String>
    private var observationKeys: Set<String> = []
    private var distributionKeys: Set<String> = []
    private var rangeKeys: Set<String> = []
    private var loadedObservationPrefixes: Set<String> = []
    private var loadedDistributionPrefixes: Set<String> = []
    private var loadedRangePrefixes: Set<String> = []

    static let observationColumns = [
        "source_id", "record_key", "line", "observed_on", "amount_minor", "currency", "currency_digits", "period", "basis",
        "band_low_minor", "band_high_minor", "annual_usd_cents", "hourly_usd_cents", "fx_rate", "fx_date", "fx_origin", "country",
        "subdivision", "city", "city_key", "years", "band_low_years", "band_high_years", "stated_level", "skills", "other_skills",
        "role", "employment", "weight", "quality", "quality_rule", "coding_years", "business_country", "remote_work",
        "base_minor", "stock_minor", "bonus_minor",
    ]
    static let advertisedRangeColumns = [
        "source_id", "record_key", "offer_key", "line", "observed_on", "country", "subdivision", "city", "city_key", "role", "level",
        "skills", "other_skills", "employment", "currency", "currency_digits", "period", "low_minor", "high_minor",
        "low_hourly_usd_cents", "high_hourly_usd_cents", "fx_rate", "fx_date", "title",
    ]
    static let distributionColumns = [
        "source_id", "record_key", "line", "observed_on", "country", "subdivision", "city", "city_key", "area_type", "area_code",
        "area_name", "occupation_code", "occupation_name", "industry_code", "industry_name", "role", "employment",
        "annual_p10_cents", "annual_p25_cents", "annual_p50_cents", "annual_p75_cents", "annual_p90_cents",
        "hourly_p10_cents", "hourly_p25_cents", "hourly_p50_cents", "hourly_p75_cents", "hourly_p90_cents",
        "annual_mean_cents", "hourly_mean_cents", "top_coded_cells", "location_quotient", "jobs_per_thousand", "footnotes",
        "quality", "quality_rule",
    ]
    static let rejectionColumns = ["source_id", "line", "field", "value", "reason", "message"]

    /// Where the first accepted row's table streams; `nil` to spool everything to disk.
    private let channel: ChunkChannel?

    init(sourceID: Int64, channel: ChunkChannel?, storedKeys: @escaping (Table, String) throws -> Set<String>) throws {
        self.sourceID = sourceID
        self.storedKeys = storedKeys
        self.channel = channel
        observations = try CopySpool(table: "observation", columns: Self.observationColumns)
        distributions = try CopySpool(table: "distribution", columns: Self.distributionColumns)
        advertisedRanges = try CopySpool(table: "advertised_range", columns: Self.advertisedRangeColumns)
        rejections = try CopySpool(table: "rejected_row", columns: Self.rejectionColumns)
    }

    /// The spools in the order a spooled import copies them.
    var spools: [CopySpool] { [observations, distributions, advertisedRanges, rejections] }

    /// A file holds observations, distributions or advertised ranges, rarely two kinds: the first
    /// kind stored streams to the server while parsing goes on; the others and the rejected rows
    /// follow from disk.
    private func streamIfFirst(_ spool: CopySpool) {
        guard let channel, !observations.isLive, !distributions.isLive, !advertisedRanges.isLive, spool.rowCount == 0 else { return }
        spool.goLive(channel)
    }

    /// Sends what is buffered (the parse has ended).
    func flushAll() throws {
        for spool in spools { try spool.flush() }
    }

    func removeSpools() {
        for spool in spools { spool.remove() }
    }

    static func prefix(of key: String) -> String {
        guard let colon = key.firstIndex(of: ":") else { return key }
        return String(key[...colon])
    }

    /// Whether `key` is new; remembers it.
    private func claim(_ key: String, in table: Table) throws -> Bool {
        let prefix = Self.prefix(of: key)
        switch table {
        case .observation:
            if loadedObservationPrefixes.insert(prefix).inserted { observationKeys.formUnion(try storedKeys(table, prefix)) }
            return observationKeys.insert(key).inserted
        case .distribution:
            if loadedDistributionPrefixes.insert(prefix).inserted { distributionKeys.formUnion(try storedKeys(table, prefix)) }
            return distributionKeys.insert(key).inserted
        case .advertisedRange:
            if loadedRangePrefixes.insert(prefix).inserted { rangeKeys.formUnion(try storedKeys(table, prefix)) }
            return rangeKeys.insert(key).inserted
        }
    }

    func insert(_ o: Observation) throws -> Bool {
        if let key = o.recordKey, try !claim(key, in: .observation) { return false }
        streamIfFirst(observations)
        let (known, other) = SkillColumns.split(o.skills)
        observations.row.add(sourceID)
        observations.row.add(o.recordKey)
        observations.row.add(o.line)
        observations.row.add(o.observedOn.description)
        observations.row.add(o.reported.amount.minorUnits)
        observations.row.add(o.reported.amount.currency.code)
        observations.row.add(o.reported.amount.minorUnitDigits)
        observations.row.add(o.reported.period.rawValue)
        observations.row.add(o.reported.basis.rawValue)
        observations.row.add(o.reported.bandLow?.minorUnits)
        observations.row.add(o.reported.bandHigh?.minorUnits)
        observations.row.add(o.normalised.annualUSD.minorUnits)
        observations.row.add(o.normalised.hourlyUSD.minorUnits)
        observations.row.add(o.normalised.fxRate)
        observations.row.add(o.normalised.fxDate?.description)
        observations.row.add(o.normalised.fxOrigin.rawValue)
        observations.row.add(o.location.country.alpha2)
        observations.row.add(o.location.subdivision)
        observations.row.add(o.location.city)
        observations.row.add(o.location.cityKey)
        observations.row.add(o.experience.years)
        observations.row.add(o.experience.bandLow)
        observations.row.add(o.experience.bandHigh)
        observations.row.add(o.experience.statedLevel?.rawValue)
        observations.row.add(known)
        observations.row.add(other)
        observations.row.add(o.role.rawValue)
        observations.row.add(o.employment.rawValue)
        observations.row.add(o.weight)
        observations.row.add(o.quality.rawValue)
        observations.row.add(o.qualityRule)
        observations.row.add(o.experience.codingYears)
        observations.row.add(o.business?.storageCode)
        observations.row.add(o.remoteWork?.rawValue)
        observations.row.add(o.compensation?.base?.minorUnits)
        observations.row.add(o.compensation?.stock?.minorUnits)
        observations.row.add(o.compensation?.bonus?.minorUnits)
        try observations.endRow()
        return true
    }

    func insert(_ r: AdvertisedRange) throws -> Bool {
        guard try claim(r.recordKey, in: .advertisedRange) else { return false }
        streamIfFirst(advertisedRanges)
        let (known, other) = SkillColumns.split(r.skills)
        advertisedRanges.row.add(sourceID)
        advertisedRanges.row.add(r.recordKey)
        advertisedRanges.row.add(r.offerKey)
        advertisedRanges.row.add(r.line)
        advertisedRanges.row.add(r.observedOn.description)
        advertisedRanges.row.add(r.location.country.alpha2)
        advertisedRanges.row.add(r.location.subdivision)
        advertisedRanges.row.add(r.location.city)
        advertisedRanges.row.add(r.location.cityKey)
        advertisedRanges.row.add(r.role.rawValue)
        advertisedRanges.row.add(r.level?.rawValue)
        advertisedRanges.row.add(known)
        advertisedRanges.row.add(other)
        advertisedRanges.row.add(r.employment.rawValue)
        advertisedRanges.row.add(r.low.currency.code)
        advertisedRanges.row.add(r.low.minorUnitDigits)
        advertisedRanges.row.add(r.period.rawValue)
        advertisedRanges.row.add(r.low.minorUnits)
        advertisedRanges.row.add(r.high.minorUnits)
        advertisedRanges.row.add(r.lowHourlyUSD.minorUnits)
        advertisedRanges.row.add(r.highHourlyUSD.minorUnits)
        advertisedRanges.row.add(r.fxRate)
        advertisedRanges.row.add(r.fxDate?.description)
        advertisedRanges.row.add(r.title)
        try advertisedRanges.endRow()
        return true
    }

    func insert(_ d: PublishedDistribution) throws -> Bool {
        guard try claim(d.recordKey, in: .distribution) else { return false }
        streamIfFirst(distributions)
        distributions.row.add(sourceID)
        distributions.row.add(d.recordKey)
        distributions.row.add(d.line)
        distributions.row.add(d.observedOn.description)
        distributions.row.add(d.location.country.alpha2)
        distributions.row.add(d.location.subdivision)
        distributions.row.add(d.location.city)
        distributions.row.add(d.location.cityKey)
        distributions.row.add(d.areaType)
        distributions.row.add(d.areaCode)
        distributions.row.add(d.areaName)
        distributions.row.add(d.occupationCode)
        distributions.row.add(d.occupationName)
        distributions.row.add(d.industryCode)
        distributions.row.add(d.industryName)
        distributions.row.add(d.role.rawValue)
        distributions.row.add(d.employment)
        for cell in d.annual.all { distributions.row.add(cell?.minorUnits) }
        for cell in d.hourly.all { distributions.row.add(cell?.minorUnits) }
        distributions.row.add(d.annualMean?.minorUnits)
        distributions.row.add(d.hourlyMean?.minorUnits)
        distributions.row.add(d.topCodedCells.joined(separator: ";"))
        distributions.row.add(d.locationQuotient)
        distributions.row.add(d.jobsPerThousand)
        distributions.row.add(d.footnotes)
        distributions.row.add(d.quality.rawValue)
        distributions.row.add(d.qualityRule)
        try distributions.endRow()
        return true
    }

    func reject(_ issue: RowIssue) throws {
        rejections.row.add(sourceID)
        rejections.row.add(issue.line)
        rejections.row.add(issue.field)
        rejections.row.add(issue.value)
        rejections.row.add(issue.reason.rawValue)
        rejections.row.add(issue.message)
        try rejections.endRow()
    }
}
