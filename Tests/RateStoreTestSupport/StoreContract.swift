import Foundation
import RateCore
import RateStore
import Testing

/// The behaviour every `RateStore` backend must have. Each backend's test target runs every case
/// here against a fresh store (see `RateStoreTests/StoreContractTests.swift`).
public enum StoreContract {
    /// A backend under test: a name for the report and a way to make a fresh, migrated store.
    public struct Backend: Sendable, CustomTestStringConvertible {
        public var name: String
        public var make: @Sendable () async throws -> any RateStore
        public init(name: String, make: @escaping @Sendable () async throws -> any RateStore) {
            self.name = name
            self.make = make
        }
        public var testDescription: String { name }
    }

    public static func observation(
        key: String?,
        line: Int = 2,
        country: String = "PL",
        hourly: Double = 30,
        role: Role = .backend,
        quality: QualityFlag = .ok,
        skills: [String] = ["Go", "PostgreSQL"]
    ) -> Observation {
        let annual = hourly * 2080
        return Observation(
            recordKey: key,
            line: line,
            observedOn: CalendarDate(iso: "2025-06-30")!,
            reported: ReportedPay(
                amount: Money(amount: annual * 4, currency: CurrencyCode("PLN")!)!,
                period: .year,
                basis: .gross,
                bandLow: Money(amount: 1000, currency: CurrencyCode("PLN")!),
                bandHigh: nil
            ),
            normalised: NormalisedPay(
                annualUSD: Money(amount: annual, currency: .usd)!,
                hourlyUSD: Money(amount: hourly, currency: .usd)!,
                fxRate: 0.25,
                fxDate: CalendarDate(iso: "2025-06-30"),
                fxOrigin: .ecb
            ),
            location: Location(country: CountryCode(country)!, subdivision: nil, city: "Warszawa", cityKey: "warsaw"),
            experience: Experience(years: 6.5, bandLow: nil, bandHigh: nil, statedLevel: .senior, codingYears: 11),
            skills: skills.map { Skill(name: $0, isKnown: true) } + [Skill(name: "Zig", isKnown: false)],
            role: role,
            employment: .freelancer,
            weight: 1.5,
            quality: quality,
            qualityRule: quality == .ok ? nil : "test rule",
            business: country == "PL" ? .country(CountryCode("US")!) : (country == "CO" ? .abroad : nil),
            remoteWork: country == "PL" ? .remote : nil
        )
    }

    public static func distribution(key: String) -> PublishedDistribution {
        let usd = { (value: Double) in Money(amount: value, currency: .usd) }
        return PublishedDistribution(
            recordKey: key,
            line: 3,
            observedOn: CalendarDate(iso: "2025-05-12")!,
            location: Location(country: CountryCode("US")!, subdivision: "48", city: "Austin-Round Rock, TX", cityKey: "austinroundrocktx"),
            areaType: "M",
            areaCode: "0012420",
            areaName: "Austin-Round Rock, TX",
            occupationCode: "151252",
            occupationName: "Software Developers",
            industryCode: "000000",
            industryName: "Cross-Industry",
            role: .backend,
            employment: 31_250,
            annual: PercentileSet(p10: usd(90_000), p25: usd(110_000), p50: usd(140_000), p75: usd(175_000), p90: nil),
            hourly: PercentileSet(p10: usd(43.27), p25: usd(52.88), p50: usd(67.31), p75: usd(84.13), p90: nil),
            annualMean: usd(150_000),
            hourlyMean: usd(72.12),
            topCodedCells: ["annual_p90", "hourly_p90"],
            locationQuotient: 1.8,
            jobsPerThousand: 25.1,
            footnotes: "10:5;15:5",
            quality: .topCoded,
            qualityRule: "top-coded"
        )
    }

    public static func descriptor(hash: String = String(repeating: "a", count: 64), file: String = "sample.csv") -> SourceDescriptor {
        SourceDescriptor(
            fileName: file,
            contentSHA256: hash,
            byteCount: 1234,
            format: "csv",
            dataset: "test",
            title: "Test data",
            licence: "CC0",
            attribution: "RateCard tests",
            isDefault: false
        )
    }

    static func hash(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return String(repeating: "0", count: 64 - hex.count) + hex
    }

    struct Boom: Error {}

    /// Every case, by name, so a backend's suite can run them as parameterised tests.
    public static let cases: [(name: String, run: @Sendable (any RateStore) async throws -> Void)] = [
        ("migrations are idempotent", migrationsAreIdempotent),
        ("an import stores rows and counts", importStoresRowsAndCounts),
        ("the same content is refused", sameContentIsRefused),
        ("a failed import leaves the store unchanged", failedImportLeavesStoreUnchanged),
        ("duplicate record keys are refused", duplicateRecordKeysAreRefused),
        ("relative outliers are flagged per country", relativeOutliersAreFlagged),
        ("queries filter by country, role and quality", queriesFilter),
        ("queries combine filters, and filter by source, occupation and area type", queriesCombineFilters),
        ("counts that do not add up are refused", inconsistentCountsAreRefused),
        ("migrations run at once are applied once", concurrentMigrations),
        ("hourly histogram bins match the rows", histogramMatchesRows),
        ("model snapshots keep the latest", modelSnapshots),
        ("the exchange-rate table is replaced, not added to", exchangeRates),
        ("rejected rows page in line order", rejectedRowsPage),
        ("API tokens are found by hash and revoked", apiTokens),
        ("self-reports wait in moderation", selfReports),
        ("a row the schema refuses fails the whole import", schemaRefusalFailsTheImport),
        ("a deleted source takes its rows and can be imported again", deletedSourceTakesItsRows),
        ("advertised ranges and pay breakdowns come back as stored", advertisedRangesAndPayParts),
    ]

    public static func advertisedRange(offer: String, contract: EmploymentType, low: Double, high: Double, country: String = "PL") -> AdvertisedRange
    {
        let pln = CurrencyCode("PLN")!
        return AdvertisedRange(
            recordKey: "\(offer):\(contract == .freelancer ? "b2b" : "permanent")",
            offerKey: offer,
            line: 7,
            observedOn: CalendarDate(iso: "2021-08-15")!,
            location: Location(country: CountryCode(country)!, city: "Warszawa", cityKey: "warsaw"),
            role: .backend,
            level: .senior,
            skills: [Skill(name: "Go", isKnown: true), Skill(name: "Zig", isKnown: false)],
            employment: contract,
            low: Money(amount: low, currency: pln)!,
            high: Money(amount: high, currency: pln)!,
            period: .month,
            lowHourlyUSD: Money(amount: low * 12 / 2080 * 0.26, currency: .usd)!,
            highHourlyUSD: Money(amount: high * 12 / 2080 * 0.26, currency: .usd)!,
            fxRate: 0.26,
            fxDate: CalendarDate(iso: "2021-08-13"),
            title: "Senior Go Developer"
        )
    }

    static func advertisedRangesAndPayParts(_ store: any RateStore) async throws {
        let b2b = advertisedRange(offer: "jj:1", contract: .freelancer, low: 20_000, high: 26_000)
        let permanent = advertisedRange(offer: "jj:1", contract: .employeeFullTime, low: 16_000, high: 21_000)
        let elsewhere = advertisedRange(offer: "jj:2", contract: .freelancer, low: 9_000, high: 12_000, country: "CZ")
        var parts = observation(key: "lf:1", country: "US")
        // In the reported currency, as the total is.
        let pln = CurrencyCode("PLN")!
        parts.compensation = CompensationParts(base: Money(amount: 150_000, currency: pln), stock: Money(amount: 60_000, currency: pln), bonus: nil)
        let withParts = parts
        let record = try await store.importSource(descriptor(), importedAt: .at("2026-12-07T10:00:00Z"), outlierPolicy: .standard) { sink in
            var counts = ImportCounts()
            counts.read = 4
            #expect(try sink.insert(b2b))
            #expect(try sink.insert(permanent))
            #expect(try sink.insert(elsewhere))
            let again = try sink.insert(b2b)
            #expect(!again, "the same range twice is a duplicate")
            #expect(try sink.insert(withParts))
            counts.accepted = 3
            counts.rejected = 1
            counts.duplicates = 1
            return counts
        }
        #expect(try await store.advertisedRangeCount() == 3)
        #expect(try await store.advertisedRanges(AdvertisedRangeQuery()) == [b2b, permanent, elsewhere])
        #expect(try await store.advertisedRanges(AdvertisedRangeQuery(countries: [CountryCode("CZ")!])) == [elsewhere])
        #expect(try await store.advertisedRanges(AdvertisedRangeQuery(limit: 1)) == [b2b])
        var stored = withParts
        stored.sourceID = record.id
        #expect(try await store.observations(ObservationQuery()) == [stored])
        #expect(try await store.observations(ObservationQuery()).first?.compensation?.stock?.amount == 60_000)
        // The ranges go with their source.
        _ = try await store.deleteSource(id: record.id)
        #expect(try await store.advertisedRangeCount() == 0)
    }

    static func deletedSourceTakesItsRows(_ store: any RateStore) async throws {
        func load(_ hash: String, _ key: String) async throws -> SourceRecord {
            try await store.importSource(descriptor(hash: hash), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
                var counts = ImportCounts()
                counts.read = 3
                #expect(try sink.insert(observation(key: key)))
                #expect(try sink.insert(distribution(key: "oews:\(key)")))
                try sink.reject(RowIssue(line: 4, field: "country", value: "Atlantis", reason: .unknownCountry, message: "not a country"))
                counts.accepted = 2
                counts.rejected = 1
                return counts
            }
        }
        let kept = try await load(hash(1), "t:kept")
        let bad = try await load(hash(2), "t:bad")
        let version = try await store.dataVersion()
        let deleted = try #require(try await store.deleteSource(id: bad.id))
        #expect(deleted.id == bad.id && deleted.counts == bad.counts)
        #expect(try await store.dataVersion() == version + 1)
        #expect(try await store.sources().map(\.id) == [kept.id])
        #expect(try await store.observations(ObservationQuery()).map(\.recordKey) == ["t:kept"])
        #expect(try await store.distributionCount() == 1)
        #expect(try await store.rejectedRows(sourceID: nil, limit: 10, offset: 0).map(\.sourceID) == [kept.id])
        #expect(try await store.deleteSource(id: bad.id) == nil)
        // Its content and its record keys are free again.
        let again = try await load(hash(2), "t:bad")
        #expect(again.counts.accepted == 2)
    }

    static func migrationsAreIdempotent(_ store: any RateStore) async throws {
        try await store.migrate()
        try await store.migrate()
        #expect(try await store.isEmpty())
        #expect(try await store.dataVersion() == 0)
    }

    static func importStoresRowsAndCounts(_ store: any RateStore) async throws {
        let first = observation(key: "t:1")
        let second = observation(key: nil, line: 3, country: "CO", hourly: 55, role: .fullStack)
        let dist = distribution(key: "oews:1")
        let issue = RowIssue(line: 4, field: "country", value: "Atlantis", reason: .unknownCountry, message: "not a country")
        let record = try await store.importSource(descriptor(), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
            var counts = ImportCounts()
            counts.read = 4
            #expect(try sink.insert(first))
            #expect(try sink.insert(second))
            #expect(try sink.insert(dist))
            try sink.reject(issue)
            counts.accepted = 3
            counts.rejected = 1
            counts.flagged = 1
            counts.rejectedByReason = ["unknown-country": 1]
            counts.flaggedByQuality = ["top-coded": 1]
            return counts
        }
        #expect(record.counts.read == 4 && record.counts.accepted == 3 && record.counts.rejected == 1)
        let sources = try await store.sources()
        #expect(sources == [record])
        #expect(try await store.source(contentSHA256: descriptor().contentSHA256) == record)
        var storedFirst = first
        var storedSecond = second
        storedFirst.sourceID = record.id
        storedSecond.sourceID = record.id
        // Both kinds of business location come back: a named country (PL → US) and an unnamed one abroad (CO).
        #expect(first.business == .country(CountryCode("US")!) && second.business == .abroad)
        #expect(try await store.observations(ObservationQuery()) == [storedFirst, storedSecond])
        #expect(try await store.distributions(DistributionQuery()) == [dist])
        #expect(try await store.rejectedRows(sourceID: record.id, limit: 10, offset: 0) == [RejectedRowRecord(sourceID: record.id, issue: issue)])
        #expect(try await store.observationCount() == 2)
        #expect(try await store.distributionCount() == 1)
        #expect(try await store.dataVersion() == 1)
    }

    static func sameContentIsRefused(_ store: any RateStore) async throws {
        let feed: @Sendable (any ImportSink) throws -> ImportCounts = { sink in
            var counts = ImportCounts()
            counts.read = 1
            counts.accepted = try sink.insert(observation(key: nil)) ? 1 : 0
            return counts
        }
        _ = try await store.importSource(descriptor(), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard, feed: feed)
        await #expect(throws: StoreError.self) {
            _ = try await store.importSource(
                descriptor(file: "renamed.csv"),
                importedAt: .at("2026-11-29T11:00:00Z"),
                outlierPolicy: .standard,
                feed: feed
            )
        }
        #expect(try await store.observationCount() == 1)
        #expect(try await store.sources().count == 1)
        #expect(try await store.dataVersion() == 1)
    }

    static func failedImportLeavesStoreUnchanged(_ store: any RateStore) async throws {
        await #expect(throws: Boom.self) {
            _ = try await store.importSource(descriptor(), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
                for index in 0..<1000 { _ = try sink.insert(observation(key: "t:\(index)")) }
                try sink.reject(RowIssue(line: 9, field: "x", value: "y", reason: .invalidValue, message: "bad"))
                throw Boom()
            }
        }
        #expect(try await store.isEmpty())
        #expect(try await store.observationCount() == 0)
        #expect(try await store.rejectedRows(sourceID: nil, limit: 10, offset: 0).isEmpty)
        #expect(try await store.dataVersion() == 0)
        // The same content can then be imported for real.
        _ = try await store.importSource(descriptor(), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { _ in ImportCounts() }
        #expect(try await store.sources().count == 1)
    }

    static func duplicateRecordKeysAreRefused(_ store: any RateStore) async throws {
        _ = try await store.importSource(descriptor(hash: hash(1)), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
            var counts = ImportCounts()
            let inserted1 = try sink.insert(observation(key: "so:1"))
            #expect(inserted1)
            let inserted2 = try sink.insert(observation(key: "so:1"))
            #expect(inserted2 == false)
            let inserted3 = try sink.insert(distribution(key: "oews:9"))
            #expect(inserted3)
            let inserted4 = try sink.insert(distribution(key: "oews:9"))
            #expect(inserted4 == false)
            counts.read = 4
            counts.accepted = 2
            counts.rejected = 2
            counts.duplicates = 2
            return counts
        }
        _ = try await store.importSource(descriptor(hash: hash(2)), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
            let inserted5 = try sink.insert(observation(key: "so:1"))
            #expect(inserted5 == false)
            let inserted6 = try sink.insert(observation(key: "so:2"))
            #expect(inserted6)
            let inserted7 = try sink.insert(observation(key: nil))
            #expect(inserted7)
            let inserted8 = try sink.insert(observation(key: nil))
            #expect(inserted8)
            var counts = ImportCounts()
            counts.read = 4
            counts.accepted = 3
            counts.rejected = 1
            counts.duplicates = 1
            return counts
        }
        #expect(try await store.observationCount() == 4)
    }

    static func relativeOutliersAreFlagged(_ store: any RateStore) async throws {
        let record = try await store.importSource(descriptor(), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
            var counts = ImportCounts()
            for index in 0..<400 {
                let hourly = index == 0 ? 1.5 : index == 1 ? 900 : 20 + Double(index % 40)
                _ = try sink.insert(observation(key: "r:\(index)", country: "BR", hourly: hourly, quality: index == 2 ? .banded : .ok))
            }
            // A small group is never judged relatively.
            for index in 0..<10 { _ = try sink.insert(observation(key: "s:\(index)", country: "NZ", hourly: index == 0 ? 2 : 500)) }
            counts.read = 410
            counts.accepted = 410
            counts.flagged = 1
            counts.flaggedByQuality = ["banded": 1]
            return counts
        }
        let flagged = try await store.observations(ObservationQuery(countries: [CountryCode("BR")!])).filter(\.quality.isOutlier)
        #expect(flagged.count >= 2)
        #expect(flagged.contains { $0.quality == .outlierLow && $0.normalised.hourlyUSD.amount == 1.5 })
        #expect(flagged.contains { $0.quality == .outlierHigh && $0.normalised.hourlyUSD.amount == 900 })
        #expect(flagged.allSatisfy { $0.qualityRule?.contains("BR") == true })
        #expect(record.counts.flagged == 1 + flagged.count)
        #expect(record.counts.flagged <= record.counts.accepted)
        let small = try await store.observations(ObservationQuery(countries: [CountryCode("NZ")!]))
        #expect(small.allSatisfy { $0.quality == .ok })
        #expect(try await store.sources().first?.counts == record.counts)
    }

    static func queriesFilter(_ store: any RateStore) async throws {
        _ = try await store.importSource(descriptor(), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
            _ = try sink.insert(observation(key: "a", country: "PL", role: .backend))
            _ = try sink.insert(observation(key: "b", country: "PL", role: .frontend))
            _ = try sink.insert(observation(key: "c", country: "DE", role: .backend, quality: .outlierHigh))
            var counts = ImportCounts()
            counts.read = 3
            counts.accepted = 3
            counts.flagged = 1
            return counts
        }
        #expect(try await store.observations(ObservationQuery(countries: [CountryCode("PL")!])).map(\.recordKey) == ["a", "b"])
        #expect(try await store.observations(ObservationQuery(roles: [.backend])).map(\.recordKey) == ["a", "c"])
        #expect(try await store.observations(ObservationQuery(includeOutliers: false)).map(\.recordKey) == ["a", "b"])
        #expect(try await store.observations(ObservationQuery(limit: 1)).count == 1)
    }

    static func queriesCombineFilters(_ store: any RateStore) async throws {
        let first = try await store.importSource(descriptor(), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
            _ = try sink.insert(observation(key: "a", country: "PL", role: .backend))
            var national = distribution(key: "oews:national")
            national.areaType = "N"
            national.occupationCode = "151251"
            _ = try sink.insert(national)
            _ = try sink.insert(distribution(key: "oews:metro"))
            var counts = ImportCounts()
            counts.read = 3
            counts.accepted = 3
            counts.flagged = 2
            return counts
        }
        let second = try await store.importSource(
            descriptor(hash: String(repeating: "b", count: 64), file: "second.csv"),
            importedAt: .at("2026-11-29T11:00:00Z"),
            outlierPolicy: .standard
        ) { sink in
            _ = try sink.insert(observation(key: "b", country: "PL", role: .backend))
            _ = try sink.insert(observation(key: "c", country: "PL", role: .frontend))
            _ = try sink.insert(observation(key: "d", country: "DE", role: .backend))
            var counts = ImportCounts()
            counts.read = 3
            counts.accepted = 3
            return counts
        }
        let keys = { (query: ObservationQuery) in try await store.observations(query).map(\.recordKey) }
        #expect(try await keys(ObservationQuery(sourceIDs: [second.id])) == ["b", "c", "d"])
        #expect(try await keys(ObservationQuery(countries: [CountryCode("PL")!], roles: [.backend])) == ["a", "b"])
        #expect(try await keys(ObservationQuery(countries: [CountryCode("PL")!], roles: [.backend], sourceIDs: [second.id])) == ["b"])
        #expect(
            try await keys(ObservationQuery(countries: [CountryCode("PL")!, CountryCode("DE")!], sourceIDs: [second.id], limit: 2)) == ["b", "c"]
        )
        #expect(try await keys(ObservationQuery(sourceIDs: [])).isEmpty)
        let distributionKeys = { (query: DistributionQuery) in try await store.distributions(query).map(\.recordKey) }
        #expect(try await distributionKeys(DistributionQuery(occupationCodes: ["151252"])) == ["oews:metro"])
        #expect(try await distributionKeys(DistributionQuery(areaTypes: ["N", "S"])) == ["oews:national"])
        #expect(try await distributionKeys(DistributionQuery(occupationCodes: ["151251", "151252"], areaTypes: ["M"])) == ["oews:metro"])
        #expect(try await distributionKeys(DistributionQuery(sourceIDs: [first.id], limit: 1)) == ["oews:national"])
        #expect(try await distributionKeys(DistributionQuery(sourceIDs: [second.id])).isEmpty)
    }

    static func inconsistentCountsAreRefused(_ store: any RateStore) async throws {
        await #expect(throws: (any Error).self) {
            _ = try await store.importSource(descriptor(), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
                _ = try sink.insert(observation(key: "x"))
                var counts = ImportCounts()
                counts.read = 5
                counts.accepted = 1
                return counts
            }
        }
        #expect(try await store.isEmpty())
        #expect(try await store.observationCount() == 0)
    }

    static func concurrentMigrations(_ store: any RateStore) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { try await store.migrate() } }
            try await group.waitForAll()
        }
        #expect(try await store.dataVersion() == 0)
        #expect(try await store.isEmpty())
    }

    static func histogramMatchesRows(_ store: any RateStore) async throws {
        // Values on and around bin edges (powers of two), outside the bounds, with weights,
        // bands and stated levels, so the backend's binning is checked against LogHistogram's.
        let hourlyValues: [Double] = [0.04, 0.05, 1, 2, 31.99, 32, 32.01, 47.5, 64, 99.99, 1024, 19_999.99, 20_000, 25_000, 0.07]
        var expected: [String: (weight: Double, minimum: Double, maximum: Double)] = [:]
        let bounds = (lower: 0.05, upper: 20_000.0)
        let query = HistogramQuery(roles: [.backend], boundaries: .standard, lowerBound: bounds.lower, upperBound: bounds.upper)
        var rows: [Observation] = []
        for (index, hourly) in hourlyValues.enumerated() {
            for variant in 0..<4 {
                var row = observation(
                    key: "h:\(index):\(variant)",
                    country: variant == 3 ? "DE" : "PL",
                    hourly: hourly,
                    role: variant == 2 ? .frontend : .backend
                )
                switch variant {
                case 0: row.experience = Experience(years: Double(index % 12))
                case 1:
                    row.experience = Experience(bandLow: 2, bandHigh: index % 2 == 0 ? 5 : nil)
                    row.weight = 2.5
                default: row.experience = Experience(statedLevel: index % 3 == 0 ? nil : .lead)
                }
                rows.append(row)
                guard row.role == .backend, let level = row.experience.level(.standard) else { continue }
                let value = row.normalised.hourlyUSD.amount
                let key = "\(row.location.country.alpha2)|\(level.rawValue)|\(query.binKey(value))"
                let old = expected[key] ?? (0, .infinity, -.infinity)
                expected[key] = (old.weight + row.weight, min(old.minimum, value), max(old.maximum, value))
            }
        }
        let feedRows = rows
        _ = try await store.importSource(
            descriptor(),
            importedAt: .at("2026-11-29T10:00:00Z"),
            outlierPolicy: OutlierPolicy(minimumGroupSize: 1_000_000)
        ) { sink in
            var counts = ImportCounts()
            for row in feedRows where try sink.insert(row) {
                counts.read += 1
                counts.accepted += 1
            }
            return counts
        }
        let cells = try await store.hourlyHistogram(query)
        var actual: [String: (weight: Double, minimum: Double, maximum: Double)] = [:]
        for cell in cells { actual["\(cell.country.alpha2)|\(cell.level.rawValue)|\(cell.bin)"] = (cell.weight, cell.minimum, cell.maximum) }
        #expect(Set(actual.keys) == Set(expected.keys))
        for (key, value) in expected {
            #expect(actual[key]?.weight == value.weight, "weight of \(key)")
            #expect(actual[key]?.minimum == value.minimum && actual[key]?.maximum == value.maximum, "extremes of \(key)")
        }
    }

    static func modelSnapshots(_ store: any RateStore) async throws {
        #expect(try await store.latestModelSnapshot() == nil)
        for version in 1...5 {
            try await store.saveModelSnapshot(
                ModelSnapshot(dataVersion: version, fittedAt: .at("2026-11-29T10:0\(version):00Z"), payload: Data([UInt8(version), 0, 255]))
            )
        }
        #expect(
            try await store.latestModelSnapshot() == ModelSnapshot(dataVersion: 5, fittedAt: .at("2026-11-29T10:05:00Z"), payload: Data([5, 0, 255]))
        )
    }

    static func exchangeRates(_ store: any RateStore) async throws {
        #expect(try await store.storedExchangeRates() == nil)
        #expect(try await store.storedExchangeRatesInfo() == nil)
        let older = StoredExchangeRates(
            csv: Data("Date,USD,\n2026-11-30,1.16,\n".utf8),
            firstDate: "2026-11-30",
            lastDate: "2026-11-30",
            importedAt: .at("2026-12-01T09:00:00Z")
        )
        // Bytes as the ECB wrote them, a NUL and non-ASCII included: the store keeps them exactly.
        let newer = StoredExchangeRates(
            csv: Data([0x44, 0x61, 0x74, 0x65, 0x00, 0xC3, 0xA9, 0x0A]),
            firstDate: "1999-01-04",
            lastDate: "2026-12-31",
            importedAt: .at("2027-01-02T09:00:00Z")
        )
        try await store.saveExchangeRates(older)
        #expect(try await store.storedExchangeRates() == older)
        try await store.saveExchangeRates(newer)
        #expect(try await store.storedExchangeRates() == newer)
        #expect(try await store.storedExchangeRatesInfo() == StoredExchangeRatesInfo(lastDate: "2026-12-31", importedAt: .at("2027-01-02T09:00:00Z")))
    }

    static func rejectedRowsPage(_ store: any RateStore) async throws {
        let record = try await store.importSource(descriptor(), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
            var counts = ImportCounts()
            for line in [9, 3, 7, 5] {
                try sink.reject(
                    RowIssue(line: line, field: "years", value: "tab\there\\ and\nnewline", reason: .invalidValue, message: "line \(line)")
                )
            }
            counts.read = 4
            counts.rejected = 4
            counts.rejectedByReason = ["invalid-value": 4]
            return counts
        }
        let page = try await store.rejectedRows(sourceID: record.id, limit: 2, offset: 1)
        #expect(page.map(\.issue.line) == [5, 7])
        #expect(page.first?.issue.value == "tab\there\\ and\nnewline")
        #expect(try await store.rejectedRows(sourceID: record.id + 1, limit: 10, offset: 0).isEmpty)
        #expect(try await store.rejectedRows(sourceID: nil, limit: 10, offset: 0).count == 4)
    }

    static func apiTokens(_ store: any RateStore) async throws {
        let created = try await store.createAPIToken(name: "ci", scope: .import, tokenSHA256: hash(7), createdAt: .at("2026-11-29T10:00:00Z"))
        _ = try await store.createAPIToken(name: "mods", scope: .moderate, tokenSHA256: hash(8), createdAt: .at("2026-11-29T10:00:01Z"))
        #expect(try await store.apiToken(sha256: hash(7)) == created)
        #expect(try await store.apiToken(sha256: hash(9)) == nil)
        #expect(try await store.apiTokens().map(\.scope) == [.import, .moderate])
        await #expect(throws: (any Error).self) {
            _ = try await store.createAPIToken(name: "again", scope: .import, tokenSHA256: hash(7), createdAt: .at("2026-11-29T10:00:00Z"))
        }
        #expect(try await store.revokeAPIToken(id: created.id, at: .at("2026-11-29T11:00:00Z")))
        #expect(try await store.revokeAPIToken(id: created.id, at: .at("2026-11-29T12:00:00Z")) == false)
        #expect(try await store.apiToken(sha256: hash(7))?.revokedAt == .at("2026-11-29T11:00:00Z"))
    }

    static func selfReports(_ store: any RateStore) async throws {
        let first = try await store.addSelfReport(observation(key: "self:1"), clientKey: "k1", submittedAt: .at("2026-11-29T10:00:00Z"))
        let second = try await store.addSelfReport(
            observation(key: "self:2", country: "DE"),
            clientKey: "k2",
            submittedAt: .at("2026-11-29T10:01:00Z")
        )
        #expect(second > first)
        let pending = try await store.selfReports(status: .pending, ids: nil, limit: 10)
        #expect(pending.map(\.id) == [first, second])
        #expect(pending.first?.observation == observation(key: "self:1"))
        #expect(try await store.selfReports(status: nil, ids: [second], limit: 10).map(\.id) == [second])
        #expect(try await store.selfReports(status: nil, ids: [], limit: 10).isEmpty)
        #expect(try await store.decideSelfReports(ids: [first, 999], status: .rejected, decidedAt: .at("2026-11-29T11:00:00Z"), sourceID: nil) == 1)
        // A decided report is not decided again.
        #expect(try await store.decideSelfReports(ids: [first], status: .approved, decidedAt: .at("2026-11-29T12:00:00Z"), sourceID: nil) == 0)
        #expect(try await store.selfReports(status: .rejected, ids: nil, limit: 10).map(\.id) == [first])
        #expect(try await store.selfReports(status: .pending, ids: nil, limit: 10).map(\.id) == [second])
        // Self-reports are not observations until approved and imported.
        #expect(try await store.observationCount() == 0)
    }

    static func schemaRefusalFailsTheImport(_ store: any RateStore) async throws {
        // Enough rows before and after the bad one that a streaming backend is mid-COPY, with the
        // parser blocked on a full buffer, when the server refuses it.
        await #expect(throws: (any Error).self) {
            _ = try await store.importSource(descriptor(), importedAt: .at("2026-11-29T10:00:00Z"), outlierPolicy: .standard) { sink in
                var counts = ImportCounts()
                for index in 0..<60_000 {
                    var row = observation(key: "w:\(index)")
                    if index == 20_000 { row.weight = 0 }
                    _ = try sink.insert(row)
                    counts.read += 1
                    counts.accepted += 1
                }
                return counts
            }
        }
        #expect(try await store.isEmpty())
        #expect(try await store.observationCount() == 0)
        #expect(try await store.dataVersion() == 0)
    }
}

extension Timestamp {
    /// A timestamp the test writes out; a typo traps the test at once.
    public static func at(_ text: String) -> Timestamp {
        guard let timestamp = Timestamp(iso8601: text) else { preconditionFailure("'\(text)' is not ISO 8601") }
        return timestamp
    }
}
