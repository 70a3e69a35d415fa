import GRDB
import RateCore

/// Timestamps are TEXT columns in ISO 8601 (as every earlier version wrote them). Rows read them with
/// `Row.decode`, which throws on a cell that is not a timestamp instead of trapping as a subscript would.
extension Timestamp: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Timestamp? {
        String.fromDatabaseValue(dbValue).flatMap(Timestamp.init(iso8601:))
    }
}
