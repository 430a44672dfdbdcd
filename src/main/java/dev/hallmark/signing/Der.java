package dev.hallmark.signing;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The few DER encodings the streaming CRL writer produces by hand: tag-length headers, INTEGERs
 * from hexadecimal serials and RFC 5280 times. Everything else is encoded by Bouncy Castle.
 */
final class Der {

    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int BIT_STRING = 0x03;

    private Der() {
    }

    /** Bytes of a tag and a definite length header. */
    static int headerLength(long contentLength) {
        return 1 + lengthOctets(contentLength);
    }

    static int lengthOctets(long length) {
        if (length < 0x80) {
            return 1;
        }
        int n = 0;
        for (long v = length; v > 0; v >>>= 8) {
            n++;
        }
        return 1 + n;
    }

    static int writeHeader(byte[] out, int offset, int tag, long length) {
        out[offset++] = (byte) tag;
        if (length < 0x80) {
            out[offset++] = (byte) length;
            return offset;
        }
        int n = lengthOctets(length) - 1;
        out[offset++] = (byte) (0x80 | n);
        for (int i = n - 1; i >= 0; i--) {
            out[offset++] = (byte) (length >>> (8 * i));
        }
        return offset;
    }

    static void writeHeader(OutputStream out, int tag, long length) throws IOException {
        byte[] header = new byte[headerLength(length)];
        writeHeader(header, 0, tag, length);
        out.write(header);
    }

    /**
     * Writes a positive INTEGER from hexadecimal digits (no sign, any case) into {@code out}.
     *
     * @return the offset after it
     */
    static int writeHexInteger(byte[] out, int offset, String hex) {
        int start = 0;
        while (start < hex.length() - 1 && hex.charAt(start) == '0') {
            start++;
        }
        int digits = hex.length() - start;
        int magnitude = (digits + 1) / 2;
        int firstNibbles = digits % 2 == 0 ? 2 : 1;
        int high = Character.digit(hex.charAt(start), 16);
        // a leading 0x00 keeps the number positive when its top bit is set (X.690 8.3.2)
        boolean pad = firstNibbles == 2 && high >= 8;
        int length = magnitude + (pad ? 1 : 0);
        if (length > 21) {
            throw new IllegalArgumentException("serial number longer than 20 octets: " + hex);
        }
        out[offset++] = INTEGER;
        out[offset++] = (byte) length;
        if (pad) {
            out[offset++] = 0;
        }
        int i = start;
        if (firstNibbles == 1) {
            out[offset++] = (byte) nibble(hex, i++);
        }
        while (i < hex.length()) {
            out[offset++] = (byte) (nibble(hex, i) << 4 | nibble(hex, i + 1));
            i += 2;
        }
        return offset;
    }

    private static int nibble(String hex, int i) {
        int v = Character.digit(hex.charAt(i), 16);
        if (v < 0) {
            throw new IllegalArgumentException("not a hexadecimal serial: " + hex);
        }
        return v;
    }

    /** RFC 5280 section 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, seconds, Zulu. */
    static int writeTime(byte[] out, int offset, long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int year = t.getYear();
        boolean utc = year >= 1950 && year < 2050;
        out[offset++] = (byte) (utc ? UTC_TIME : GENERALIZED_TIME);
        out[offset++] = (byte) (utc ? 13 : 15);
        if (utc) {
            offset = two(out, offset, year % 100);
        } else {
            offset = two(out, offset, year / 100);
            offset = two(out, offset, year % 100);
        }
        offset = two(out, offset, t.getMonthValue());
        offset = two(out, offset, t.getDayOfMonth());
        offset = two(out, offset, t.getHour());
        offset = two(out, offset, t.getMinute());
        offset = two(out, offset, t.getSecond());
        out[offset++] = 'Z';
        return offset;
    }

    static byte[] time(long epochSecond) {
        byte[] buffer = new byte[17];
        int end = writeTime(buffer, 0, epochSecond);
        return java.util.Arrays.copyOf(buffer, end);
    }

    private static int two(byte[] out, int offset, int value) {
        out[offset++] = (byte) ('0' + value / 10);
        out[offset++] = (byte) ('0' + value % 10);
        return offset;
    }
}
