package dev.hallmark.revocation;

import java.util.Arrays;
import java.util.Optional;

/** RFC 5280 section 5.3.1 reason codes, by their RFC names. Code 7 is unused and removeFromCRL is for delta CRLs only. */
public enum RevocationReason {
    unspecified(0),
    keyCompromise(1),
    cACompromise(2),
    affiliationChanged(3),
    superseded(4),
    cessationOfOperation(5),
    certificateHold(6),
    privilegeWithdrawn(9),
    aACompromise(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<RevocationReason> named(String name) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }
}
