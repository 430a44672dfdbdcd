package dev.hallmark.storage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The hash chain over the audit trail (docs/operations.md, "Audit integrity"): each event's hash is
 * SHA-256 over the previous event's hash (32 bytes, zeros before the first event) followed by the
 * event's canonical encoding: its sequence number (decimal), occurrence time (ISO-8601 UTC, at most
 * microseconds), actor, action, target, remote address, outcome and detail, each as a 4-byte
 * big-endian length and its UTF-8 bytes, {@code 0xFFFFFFFF} for an absent value. Lengths, not
 * separators, so that no field's text can pass for a field boundary.
 */
public final class AuditChain {

    /** The previous hash of the first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /** The time as the chain and the database keep it: both PostgreSQL and H2 store microseconds. */
    public static Instant stored(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    public static String hash(String previousHash, long sequence, Instant occurredAt, String actor, String action,
            String target, String remoteAddress, String outcome, String detail) {
        ByteArrayOutputStream canonical = new ByteArrayOutputStream(256);
        canonical.writeBytes(HEX.parseHex(previousHash));
        for (String field : new String[] {Long.toString(sequence), occurredAt.toString(), actor, action, target,
                remoteAddress, outcome, detail}) {
            byte[] bytes = field == null ? null : field.getBytes(StandardCharsets.UTF_8);
            canonical.writeBytes(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
            if (bytes != null) {
                canonical.writeBytes(bytes);
            }
        }
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash this row should have, from its content and its stored previous hash. */
    public static String hash(AuditRow row) {
        return hash(row.previousHash(), row.sequence(), row.occurredAt(), row.actor(), row.action(), row.target(),
                row.remoteAddress(), row.outcome(), row.detail());
    }
}
