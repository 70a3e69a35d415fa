import NIOCore
import PostgresNIO
import RateCore

/// Timestamps are TEXT columns in ISO 8601 (as every earlier version wrote them), encoded and
/// decoded as PostgresNIO's String is; a cell that is not a timestamp fails the row's decoding
/// with PostgresNIO's own error, which names the column.
extension Timestamp: PostgresNonThrowingEncodable, PostgresDecodable {
    public static var psqlType: PostgresDataType { String.psqlType }
    public static var psqlFormat: PostgresFormat { String.psqlFormat }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        description.encode(into: &byteBuffer, context: context)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard let timestamp = Timestamp(iso8601: try String(from: &buffer, type: type, format: format, context: context)) else {
            throw PostgresDecodingError.Code.failure
        }
        self = timestamp
    }
}
