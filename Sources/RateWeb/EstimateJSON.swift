import RateCore

/// The `Estimate` schema of `openapi.yaml` as JSON, written directly. Written here (not with
/// JSONEncoder) because encoding was a fifth of the endpoint's cost; `APIHandler.wire(_:)` remains
/// the reference the tests compare with. Keys are `StaticString`s and plain strings are copied
/// whole, because a byte-at-a-time writer was still a tenth of the endpoint's CPU under load.
enum EstimateJSON {
    static func encode(_ e: Estimate) -> [UInt8] {
        var w = Writer()
        w.open()
        w.key("country")
        w.string(e.profile.country.alpha2)
        w.key("country_name")
        w.string(e.countryName)
        if let city = e.profile.city {
            w.key("city")
            w.string(city)
        }
        w.key("region")
        w.string(e.region.rawValue)
        w.key("years")
        w.number(e.years)
        w.key("skills")
        w.array(e.profile.skills) { $0.string($1) }
        w.key("role")
        w.string(e.profile.role.rawValue)
        w.key("employment")
        w.string(e.profile.hire.rawValue)
        w.key("currency")
        w.string(e.currency.code)
        w.key("exchange_rate")
        w.number(e.exchangeRate)
        if let date = e.exchangeRateDate {
            w.key("exchange_rate_date")
            w.string(date.description)
        }
        w.key("hourly")
        w.range(e.hourly)
        w.key("daily")
        w.range(e.daily)
        w.key("monthly")
        w.range(e.monthly)
        w.key("annual")
        w.range(e.annual)
        w.key("hours_per_year")
        w.number(e.hoursPerYear)
        w.key("median_interval")
        w.array(e.medianInterval) { $0.number($1) }
        w.key("sample_size")
        w.integer(e.sampleSize)
        w.key("effective_sample_size")
        w.number(e.effectiveSampleSize)
        w.key("fallback_level")
        w.string(e.fallbackLevel.rawValue)
        w.key("fallback_group")
        w.string(e.fallbackGroup)
        w.key("sources")
        w.array(e.sources) { w, share in
            w.open()
            w.key("source")
            w.string(share.source)
            w.key("weight")
            w.number(share.weight)
            w.key("observations")
            w.integer(share.observations)
            w.key("hourly_median")
            w.number(share.hourlyMedian)
            w.close()
        }
        if let years = e.dataYears {
            w.key("data_years")
            w.open()
            w.key("first")
            w.integer(years.first)
            w.key("last")
            w.integer(years.last)
            w.key("recent_from")
            w.integer(years.recentFrom)
            w.key("recent_share")
            w.number(years.recentShare)
            w.key("summary")
            w.string(years.description)
            w.close()
        }
        w.key("confidence")
        w.string(e.confidence)
        w.key("base_hourly")
        w.number(e.baseHourly)
        w.key("base_description")
        w.string(e.baseDescription)
        w.key("factors")
        w.array(e.factors) { w, factor in
            w.open()
            w.key("name")
            w.string(factor.name)
            w.key("multiplier")
            w.number(factor.multiplier)
            if let error = factor.standardError {
                w.key("standard_error")
                w.number(error)
            }
            w.key("evidence")
            w.string(factor.evidence)
            w.key("summary")
            w.summary(factor)
            w.close()
        }
        if let level = e.costOfLiving?.priceLevel {
            w.key("cost_of_living_price_level")
            w.number(level)
        }
        if let demand = e.marketDemand {
            w.key("market_demand")
            w.string(demand)
        }
        w.key("notes")
        w.array(e.notes) { $0.string($1) }
        w.key("model_as_of")
        w.string(e.modelAsOf.description)
        w.key("data_version")
        w.integer(e.dataVersion)
        if let market = e.marketplace {
            w.key("marketplace")
            w.open()
            w.key("channel")
            w.string(market.channel.rawValue)
            w.key("hourly")
            w.range(market.hourly)
            w.key("annual")
            w.range(market.annual)
            w.key("fallback_level")
            w.string(market.fallbackLevel.rawValue)
            w.key("fallback_group")
            w.string(market.fallbackGroup)
            w.key("country_quotes")
            w.integer(market.countryQuotes)
            w.key("quotes")
            w.integer(market.quotes)
            w.key("sources")
            w.array(market.sources) { w, source in
                w.open()
                w.key("name")
                w.string(source.name)
                w.key("observed_on")
                w.string(source.observedOn.description)
                w.key("quotes")
                w.integer(source.quotes)
                w.close()
            }
            w.close()
        }
        w.close()
        return w.bytes
    }

    struct Writer {
        var bytes: [UInt8] = []
        private var needsComma = false

        init() { bytes.reserveCapacity(4096) }

        mutating func open() {
            separate()
            bytes.append(UInt8(ascii: "{"))
            needsComma = false
        }
        mutating func close() {
            bytes.append(UInt8(ascii: "}"))
            needsComma = true
        }

        /// Keys are plain ASCII literals: copied as they are, no escaping needed.
        mutating func key(_ name: StaticString) {
            separate()
            bytes.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
            needsComma = false
        }

        mutating func array<T>(_ items: [T], _ element: (inout Writer, T) -> Void) {
            separate()
            bytes.append(UInt8(ascii: "["))
            needsComma = false
            for item in items { element(&self, item) }
            bytes.append(UInt8(ascii: "]"))
            needsComma = true
        }

        mutating func range(_ range: PayRange) {
            open()
            key("p10")
            number(range.p10)
            key("p25")
            number(range.p25)
            key("p50")
            number(range.p50)
            key("p75")
            number(range.p75)
            key("p90")
            number(range.p90)
            close()
        }

        mutating func string(_ value: String) {
            separate()
            bytes.append(UInt8(ascii: "\""))
            escaped(value)
            bytes.append(UInt8(ascii: "\""))
            needsComma = true
        }

        /// `EstimateFactor.summary`, written in pieces instead of built as one interpolated string.
        mutating func summary(_ factor: EstimateFactor) {
            separate()
            bytes.append(UInt8(ascii: "\""))
            escaped(factor.name)
            escaped(" ×")
            twoDecimals(factor.multiplier)
            if let error = factor.standardError {
                escaped(" ± ")
                twoDecimals(error)
            }
            if !factor.evidence.isEmpty {
                escaped(" (")
                escaped(factor.evidence)
                escaped(")")
            }
            bytes.append(UInt8(ascii: "\""))
            needsComma = true
        }

        mutating func integer(_ value: Int) {
            separate()
            digits(Int64(value))
            needsComma = true
        }

        /// As JSONEncoder writes doubles: Swift's shortest round-tripping form (`description`)
        /// without a trailing ".0", which leaves integral values up to 2^53 as plain integers
        /// (above it `description` switches to exponents). Estimates are always finite.
        mutating func number(_ value: Double) {
            separate()
            if value.rounded() == value, abs(value) <= 0x1p53 {
                if value == 0, value.sign == .minus { bytes.append(UInt8(ascii: "-")) }
                digits(Int64(value))
            } else if let cents = Self.wholeCents(value) {
                // Most figures are rounded to cents. Below 1e9 two such decimals are far more than an
                // ulp apart, so "units.cc" without trailing zeros is the shortest round-tripping form
                // (what `description` computes, at a tenth of its cost).
                decimal(cents: cents, negative: value < 0, trailingZero: false)
            } else {
                var text = value.description
                text.withUTF8 { bytes.append(contentsOf: $0) }
            }
            needsComma = true
        }

        /// `EstimateFactor.format(value)` ("1.10", "0.41"), written without building strings.
        mutating func twoDecimals(_ value: Double) {
            let hundredths = (value * 100).rounded()
            guard abs(hundredths) < 1e11 else {
                escaped(EstimateFactor.format(value))
                return
            }
            decimal(cents: Int64(abs(hundredths)), negative: hundredths < 0, trailingZero: true)
        }

        /// "units.cc" from a count of hundredths; "units.c" when the last digit is 0 and not wanted.
        private mutating func decimal(cents: Int64, negative: Bool, trailingZero: Bool) {
            if negative { bytes.append(UInt8(ascii: "-")) }
            digits(cents / 100)
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(cents % 100 / 10))
            if trailingZero || cents % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(cents % 10)) }
        }

        /// |value| × 100 when that is a whole number below 1e11 and `value` is exactly the double
        /// nearest to it / 100.
        private static func wholeCents(_ value: Double) -> Int64? {
            let hundredths = (abs(value) * 100).rounded()
            guard hundredths < 1e11, hundredths / 100 == abs(value) else { return nil }
            return Int64(hundredths)
        }

        private mutating func digits(_ value: Int64) {
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            let magnitude = value.magnitude
            var divisor: UInt64 = 1
            while magnitude / divisor >= 10 { divisor *= 10 }
            repeat {
                bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
                divisor /= 10
            } while divisor > 0
        }

        private mutating func separate() { if needsComma { bytes.append(UInt8(ascii: ",")) } }

        /// The text's UTF-8 with JSON's escapes; copied in one piece when nothing needs escaping.
        private mutating func escaped(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                    bytes.append(contentsOf: utf8)
                    return
                }
                for byte in utf8 {
                    switch byte {
                    case UInt8(ascii: "\""):
                        bytes.append(UInt8(ascii: "\\"))
                        bytes.append(byte)
                    case UInt8(ascii: "\\"):
                        bytes.append(UInt8(ascii: "\\"))
                        bytes.append(byte)
                    case UInt8(ascii: "\n"):
                        bytes.append(UInt8(ascii: "\\"))
                        bytes.append(UInt8(ascii: "n"))
                    case UInt8(ascii: "\r"):
                        bytes.append(UInt8(ascii: "\\"))
                        bytes.append(UInt8(ascii: "r"))
                    case UInt8(ascii: "\t"):
                        bytes.append(UInt8(ascii: "\\"))
                        bytes.append(UInt8(ascii: "t"))
                    case 0..<0x20:
                        let hex = Array("0123456789abcdef".utf8)
                        bytes.append(contentsOf: Array("\\u00".utf8))
                        bytes.append(hex[Int(byte >> 4)])
                        bytes.append(hex[Int(byte & 0xF)])
                    default: bytes.append(byte)
                    }
                }
            }
        }
    }
}
