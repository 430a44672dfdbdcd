package dev.hallmark.profile;

/** RFC 5280 key usage bits by their RFC names, with the bit value Bouncy Castle's KeyUsage uses. */
public enum KeyUsageFlag {
    digitalSignature(1 << 7),
    nonRepudiation(1 << 6),
    keyEncipherment(1 << 5),
    dataEncipherment(1 << 4),
    keyAgreement(1 << 3),
    keyCertSign(1 << 2),
    cRLSign(1 << 1),
    encipherOnly(1),
    decipherOnly(1 << 15);

    private final int bit;

    KeyUsageFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
