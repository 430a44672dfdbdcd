package dev.hallmark.issuance;

import java.time.Duration;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * The fixed profiles of the certificates the service issues to itself. They live in code, apart
 * from the configurable profiles ({@code hallmark.profiles.*}): narrowing a configured profile for
 * the certificates people ask for must never stop the service from starting, and no configured
 * profile may give an ordinary certificate one of these purposes.
 */
public enum ServiceProfile {

    /**
     * The HTTPS connector's certificate: serverAuth for the configured host names, at most 397
     * days, inside the CA/Browser Forum's 398 so that browsers accept it too.
     */
    TLS_SERVER("service-tls", KeyUsage.digitalSignature, KeyPurposeId.id_kp_serverAuth, false, Duration.ofDays(397)),

    /**
     * The delegated OCSP responder (RFC 6960 section 4.2.2.2), with id-pkix-ocsp-nocheck: nothing
     * can revoke it, so a compromise of its key is as serious as the CA's for its whole lifetime
     * (section 4.2.2.2.1), hence at most 90 days.
     */
    OCSP_RESPONDER("ocsp-responder", KeyUsage.digitalSignature, KeyPurposeId.id_kp_OCSPSigning, true,
            Duration.ofDays(90));

    private final String recordedName;
    private final int keyUsage;
    private final KeyPurposeId extendedKeyUsage;
    private final boolean ocspNoCheck;
    private final Duration maxValidity;

    ServiceProfile(String recordedName, int keyUsage, KeyPurposeId extendedKeyUsage, boolean ocspNoCheck,
            Duration maxValidity) {
        this.recordedName = recordedName;
        this.keyUsage = keyUsage;
        this.extendedKeyUsage = extendedKeyUsage;
        this.ocspNoCheck = ocspNoCheck;
        this.maxValidity = maxValidity;
    }

    /** The profile name stored with the certificate and shown by the API; no configured profile has it. */
    public String recordedName() {
        return recordedName;
    }

    /** Bouncy Castle {@code KeyUsage} bits. */
    public int keyUsage() {
        return keyUsage;
    }

    public KeyPurposeId extendedKeyUsage() {
        return extendedKeyUsage;
    }

    /** Adds id-pkix-ocsp-nocheck (RFC 6960 section 4.2.2.2.1). */
    public boolean ocspNoCheck() {
        return ocspNoCheck;
    }

    public Duration maxValidity() {
        return maxValidity;
    }
}
