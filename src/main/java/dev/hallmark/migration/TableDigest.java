package dev.hallmark.migration;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A table's row count and checksum: the sum, modulo 2^256, of every row's SHA-256 over its values in column
 * order. A sum does not depend on the order rows are read in, so H2 and PostgreSQL need not sort text alike.
 */
final class TableDigest {

    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private final List<ColumnKind> kinds;
    private final MessageDigest sha256;
    private long rows;
    private BigInteger sum = BigInteger.ZERO;

    TableDigest(List<ColumnKind> kinds) {
        this.kinds = kinds;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void add(Object[] row) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null) {
                sha256.update((byte) 0);
            } else {
                byte[] bytes = kinds.get(i).canonical(row[i]);
                sha256.update((byte) 1);
                sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha256.update(bytes);
            }
        }
        sum = sum.add(new BigInteger(1, sha256.digest())).mod(MODULUS);
        rows++;
    }

    long rows() {
        return rows;
    }

    /** The checksum as 64 hex digits. */
    String checksum() {
        return String.format("%064x", sum);
    }

    boolean matches(TableDigest other) {
        return rows == other.rows && sum.equals(other.sum);
    }
}
