import GRDB

/// Named migrations. Append only: a released migration is never edited, a change is a new one.
///
/// Enumerated columns are checked with `=`/`OR` chains, not `IN (...)`: SQLite builds an ephemeral
/// table for an `IN` list on every evaluation of a CHECK, which more than doubled bulk-insert time.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-sources-observations-distributions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE source (
                        id INTEGER PRIMARY KEY,
                        file_name TEXT NOT NULL CHECK (file_name <> ''),
                        content_sha256 TEXT NOT NULL UNIQUE CHECK (length(content_sha256) = 64),
                        byte_count INTEGER NOT NULL CHECK (byte_count >= 0),
                        format TEXT NOT NULL,
                        dataset TEXT NOT NULL,
                        title TEXT NOT NULL,
                        licence TEXT NOT NULL,
                        attribution TEXT NOT NULL,
                        is_default INTEGER NOT NULL CHECK ((is_default = 0 OR is_default = 1)),
                        rows_read INTEGER NOT NULL CHECK (rows_read >= 0),
                        rows_accepted INTEGER NOT NULL CHECK (rows_accepted >= 0),
                        rows_rejected INTEGER NOT NULL CHECK (rows_rejected >= 0),
                        rows_flagged INTEGER NOT NULL CHECK (rows_flagged >= 0),
                        rows_duplicate INTEGER NOT NULL CHECK (rows_duplicate >= 0),
                        rejected_by_reason TEXT NOT NULL,
                        flagged_by_quality TEXT NOT NULL,
                        imported_at TEXT NOT NULL,
                        CHECK (rows_accepted + rows_rejected = rows_read),
                        CHECK (rows_duplicate <= rows_rejected),
                        CHECK (rows_flagged <= rows_accepted)
                    );
                    CREATE TABLE observation (
                        id INTEGER PRIMARY KEY,
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        record_key TEXT UNIQUE,
                        line INTEGER NOT NULL CHECK (line > 0),
                        observed_on TEXT NOT NULL CHECK (observed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
                        currency TEXT NOT NULL CHECK (length(currency) = 3),
                        currency_digits INTEGER NOT NULL CHECK (currency_digits BETWEEN 0 AND 4),
                        period TEXT NOT NULL CHECK ((period = 'hour' OR period = 'day' OR period = 'week' OR period = 'month' OR period = 'year')),
                        basis TEXT NOT NULL CHECK ((basis = 'gross' OR basis = 'net')),
                        band_low_minor INTEGER,
                        band_high_minor INTEGER,
                        annual_usd_cents INTEGER NOT NULL CHECK (annual_usd_cents >= 0),
                        hourly_usd_cents INTEGER NOT NULL CHECK (hourly_usd_cents >= 0),
                        fx_rate REAL NOT NULL CHECK (fx_rate > 0),
                        fx_date TEXT,
                        fx_origin TEXT NOT NULL CHECK ((fx_origin = 'none' OR fx_origin = 'ecb' OR fx_origin = 'source')),
                        country TEXT NOT NULL CHECK (length(country) = 2),
                        subdivision TEXT,
                        city TEXT,
                        city_key TEXT,
                        years REAL CHECK (years IS NULL OR years >= 0),
                        band_low_years REAL,
                        band_high_years REAL,
                        stated_level TEXT CHECK (stated_level IS NULL OR (stated_level = 'entry' OR stated_level = 'mid' OR stated_level = 'senior' OR stated_level = 'lead')),
                        skills TEXT NOT NULL,
                        other_skills TEXT NOT NULL,
                        role TEXT NOT NULL CHECK ((role = 'backend' OR role = 'full-stack' OR role = 'frontend' OR role = 'mobile' OR role = 'devops' OR role = 'data' OR role = 'qa' OR role = 'other')),
                        employment TEXT NOT NULL CHECK ((employment = 'employee-full-time' OR employment = 'employee-part-time' OR employment = 'freelancer' OR employment = 'agency' OR employment = 'self-employed')),
                        weight REAL NOT NULL CHECK (weight > 0),
                        quality TEXT NOT NULL CHECK ((quality = 'ok' OR quality = 'outlier-low' OR quality = 'outlier-high' OR quality = 'banded' OR quality = 'top-coded')),
                        quality_rule TEXT
                    );
                    CREATE INDEX observation_by_source ON observation(source_id);
                    CREATE INDEX observation_by_country_role ON observation(country, role);
                    CREATE TABLE distribution (
                        id INTEGER PRIMARY KEY,
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        record_key TEXT NOT NULL UNIQUE,
                        line INTEGER NOT NULL CHECK (line > 0),
                        observed_on TEXT NOT NULL,
                        country TEXT NOT NULL CHECK (length(country) = 2),
                        subdivision TEXT,
                        city TEXT,
                        city_key TEXT,
                        area_type TEXT NOT NULL CHECK ((area_type = 'N' OR area_type = 'S' OR area_type = 'M')),
                        area_code TEXT NOT NULL,
                        area_name TEXT NOT NULL,
                        occupation_code TEXT NOT NULL,
                        occupation_name TEXT NOT NULL,
                        industry_code TEXT NOT NULL,
                        industry_name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        employment INTEGER CHECK (employment IS NULL OR employment >= 0),
                        annual_p10_cents INTEGER, annual_p25_cents INTEGER, annual_p50_cents INTEGER, annual_p75_cents INTEGER, annual_p90_cents INTEGER,
                        hourly_p10_cents INTEGER, hourly_p25_cents INTEGER, hourly_p50_cents INTEGER, hourly_p75_cents INTEGER, hourly_p90_cents INTEGER,
                        annual_mean_cents INTEGER,
                        hourly_mean_cents INTEGER,
                        top_coded_cells TEXT NOT NULL,
                        location_quotient REAL,
                        jobs_per_thousand REAL,
                        footnotes TEXT NOT NULL,
                        quality TEXT NOT NULL CHECK ((quality = 'ok' OR quality = 'outlier-low' OR quality = 'outlier-high' OR quality = 'banded' OR quality = 'top-coded')),
                        quality_rule TEXT
                    );
                    CREATE INDEX distribution_by_occupation ON distribution(occupation_code, area_type);
                    CREATE INDEX distribution_by_source ON distribution(source_id);
                    CREATE TABLE rejected_row (
                        id INTEGER PRIMARY KEY,
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        line INTEGER NOT NULL CHECK (line > 0),
                        field TEXT NOT NULL,
                        value TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        message TEXT NOT NULL
                    );
                    CREATE INDEX rejected_row_by_source ON rejected_row(source_id, line);
                    CREATE TABLE store_metadata (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL
                    );
                    INSERT INTO store_metadata (key, value) VALUES ('data_version', '0');
                    """
            )
        }
        migrator.registerMigration("v2-model-snapshots") { db in
            try db.execute(
                sql: """
                    CREATE TABLE model_snapshot (
                        id INTEGER PRIMARY KEY,
                        data_version INTEGER NOT NULL CHECK (data_version >= 0),
                        fitted_at TEXT NOT NULL,
                        payload BLOB NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v3-api-tokens-self-reports") { db in
            try db.execute(
                sql: """
                    CREATE TABLE api_token (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL CHECK (name <> ''),
                        scope TEXT NOT NULL CHECK ((scope = 'import' OR scope = 'moderate')),
                        token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),
                        created_at TEXT NOT NULL,
                        revoked_at TEXT
                    );
                    CREATE TABLE self_report (
                        id INTEGER PRIMARY KEY,
                        submitted_at TEXT NOT NULL,
                        client_key TEXT NOT NULL,
                        status TEXT NOT NULL CHECK ((status = 'pending' OR status = 'approved' OR status = 'rejected')),
                        observation TEXT NOT NULL,
                        decided_at TEXT,
                        source_id INTEGER REFERENCES source(id) ON DELETE SET NULL
                    );
                    CREATE INDEX self_report_by_status ON self_report(status, id);
                    """
            )
        }
        migrator.registerMigration("v4-coding-years-business-country-remote-work") { db in
            try db.execute(
                sql: """
                    ALTER TABLE observation ADD COLUMN coding_years REAL CHECK (coding_years IS NULL OR coding_years >= 0);
                    ALTER TABLE observation ADD COLUMN business_country TEXT CHECK (business_country IS NULL OR length(business_country) = 2);
                    ALTER TABLE observation ADD COLUMN remote_work TEXT
                        CHECK (remote_work IS NULL OR (remote_work = 'remote' OR remote_work = 'hybrid' OR remote_work = 'in-person'));
                    """
            )
        }
        migrator.registerMigration("v5-exchange-rates") { db in
            try db.execute(
                sql: """
                    CREATE TABLE exchange_rate_table (
                        id INTEGER PRIMARY KEY,
                        imported_at TEXT NOT NULL,
                        first_date TEXT NOT NULL CHECK (length(first_date) = 10),
                        last_date TEXT NOT NULL CHECK (length(last_date) = 10 AND last_date >= first_date),
                        csv BLOB NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v6-compensation-parts-advertised-ranges") { db in
            try db.execute(
                sql: """
                    ALTER TABLE observation ADD COLUMN base_minor INTEGER CHECK (base_minor IS NULL OR base_minor >= 0);
                    ALTER TABLE observation ADD COLUMN stock_minor INTEGER CHECK (stock_minor IS NULL OR stock_minor >= 0);
                    ALTER TABLE observation ADD COLUMN bonus_minor INTEGER CHECK (bonus_minor IS NULL OR bonus_minor >= 0);
                    CREATE TABLE advertised_range (
                        id INTEGER PRIMARY KEY,
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        record_key TEXT NOT NULL UNIQUE,
                        offer_key TEXT NOT NULL,
                        line INTEGER NOT NULL CHECK (line > 0),
                        observed_on TEXT NOT NULL CHECK (observed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                        country TEXT NOT NULL CHECK (length(country) = 2),
                        subdivision TEXT,
                        city TEXT,
                        city_key TEXT,
                        role TEXT NOT NULL CHECK ((role = 'backend' OR role = 'full-stack' OR role = 'frontend' OR role = 'mobile' OR role = 'devops' OR role = 'data' OR role = 'qa' OR role = 'other')),
                        level TEXT CHECK (level IS NULL OR (level = 'entry' OR level = 'mid' OR level = 'senior' OR level = 'lead')),
                        skills TEXT NOT NULL,
                        other_skills TEXT NOT NULL,
                        employment TEXT NOT NULL CHECK ((employment = 'employee-full-time' OR employment = 'employee-part-time' OR employment = 'freelancer' OR employment = 'agency' OR employment = 'self-employed')),
                        currency TEXT NOT NULL CHECK (length(currency) = 3),
                        currency_digits INTEGER NOT NULL CHECK (currency_digits BETWEEN 0 AND 4),
                        period TEXT NOT NULL CHECK ((period = 'hour' OR period = 'day' OR period = 'week' OR period = 'month' OR period = 'year')),
                        low_minor INTEGER NOT NULL CHECK (low_minor > 0),
                        high_minor INTEGER NOT NULL CHECK (high_minor >= low_minor),
                        low_hourly_usd_cents INTEGER NOT NULL CHECK (low_hourly_usd_cents >= 0),
                        high_hourly_usd_cents INTEGER NOT NULL CHECK (high_hourly_usd_cents >= low_hourly_usd_cents),
                        fx_rate REAL NOT NULL CHECK (fx_rate > 0),
                        fx_date TEXT,
                        title TEXT
                    );
                    CREATE INDEX advertised_range_by_source ON advertised_range(source_id);
                    CREATE INDEX advertised_range_by_offer ON advertised_range(offer_key);
                    """
            )
        }
        return migrator
    }
}
