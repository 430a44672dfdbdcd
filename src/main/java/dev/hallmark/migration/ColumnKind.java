package dev.hallmark.migration;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * How a column's values are read from one database, written to the other and compared, by its JDBC type in the
 * source: the same Java value on both sides (an instant for a timestamp with time zone, the bytes of a binary),
 * so that a checksum of the copy read back from PostgreSQL equals the checksum of what H2 held.
 */
enum ColumnKind {
    BOOLEAN, INTEGER, DECIMAL, FLOATING, BYTES, TIMESTAMP_TZ, TIMESTAMP, DATE, TIME, TEXT,
    /** A type of its own in the target (UUID, JSON): sent as text for the server to convert. */
    OTHER;

    static ColumnKind of(int jdbcType) {
        return switch (jdbcType) {
            case Types.BOOLEAN, Types.BIT -> BOOLEAN;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
            case Types.DECIMAL, Types.NUMERIC -> DECIMAL;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> FLOATING;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BYTES;
            case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ;
            case Types.TIMESTAMP -> TIMESTAMP;
            case Types.DATE -> DATE;
            case Types.TIME -> TIME;
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR,
                Types.LONGNVARCHAR, Types.NCLOB -> TEXT;
            default -> OTHER;
        };
    }

    /** The value of column {@code i}, or null. */
    Object read(ResultSet rs, int i) throws SQLException {
        Object value = switch (this) {
            case BOOLEAN -> rs.getBoolean(i);
            case INTEGER -> rs.getLong(i);
            case DECIMAL -> rs.getBigDecimal(i);
            case FLOATING -> rs.getDouble(i);
            case BYTES -> rs.getBytes(i);
            case TIMESTAMP_TZ -> rs.getObject(i, OffsetDateTime.class);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIME -> rs.getObject(i, LocalTime.class);
            case TEXT, OTHER -> rs.getString(i);
        };
        return rs.wasNull() ? null : value;
    }

    void write(PreparedStatement statement, int i, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(i, Types.NULL);
        } else if (this == BYTES) {
            statement.setBytes(i, (byte[]) value);
        } else if (this == TEXT) {
            statement.setString(i, (String) value);
        } else if (this == OTHER) {
            statement.setObject(i, value, Types.OTHER);
        } else {
            statement.setObject(i, value);
        }
    }

    /** The bytes a checksum takes of a value that is not null: one form for equal values on H2 and PostgreSQL. */
    byte[] canonical(Object value) {
        String text = switch (this) {
            case BYTES -> null;
            case TIMESTAMP_TZ -> ((OffsetDateTime) value).toInstant().toString();
            case DECIMAL -> ((BigDecimal) value).stripTrailingZeros().toPlainString();
            default -> value.toString();
        };
        return text == null ? (byte[]) value : text.getBytes(StandardCharsets.UTF_8);
    }
}
