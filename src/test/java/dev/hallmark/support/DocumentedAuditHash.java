package dev.hallmark.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An audit event's hash computed as docs/operations.md describes it, apart from the service's code:
 * SHA-256 over the previous hash's 32 bytes, then each field as a 4-byte big-endian length (-1 when
 * absent) and its UTF-8 bytes.
 */
public final class DocumentedAuditHash {

    private DocumentedAuditHash() {
    }

    /** @param fields sequence, occurredAt, actor, action, target, remoteAddress, outcome, detail */
    public static String of(String previousHash, String... fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(HexFormat.of().parseHex(previousHash));
        for (String field : fields) {
            byte[] utf8 = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(ByteBuffer.allocate(4).putInt(field == null ? -1 : utf8.length).array());
            bytes.writeBytes(utf8);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
