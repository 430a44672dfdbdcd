package dev.hallmark.profile;

/** Extended key usages by name and OID (RFC 5280 section 4.2.1.12). */
public enum ExtendedKeyUsageName {
    serverAuth("1.3.6.1.5.5.7.3.1"),
    clientAuth("1.3.6.1.5.5.7.3.2"),
    codeSigning("1.3.6.1.5.5.7.3.3"),
    emailProtection("1.3.6.1.5.5.7.3.4"),
    timeStamping("1.3.6.1.5.5.7.3.8"),
    OCSPSigning("1.3.6.1.5.5.7.3.9");

    private final String oid;

    ExtendedKeyUsageName(String oid) {
        this.oid = oid;
    }

    public String oid() {
        return oid;
    }

    public static ExtendedKeyUsageName ofOid(String oid) {
        for (ExtendedKeyUsageName n : values()) {
            if (n.oid.equals(oid)) {
                return n;
            }
        }
        return null;
    }
}
