package dev.hallmark.policy;

import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.KeyUsageFlag;
import dev.hallmark.profile.ProfileCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The registration authority's judgement on a CSR, as small rules in a fixed order: read the
 * CSR, key strength, proof of possession, requested extensions, subject, SANs, validity.
 */
public final class IssuancePolicy {

    /** Clock skew allowance: certificates start this much before "now" (a hard limit, never configurable). */
    public static final Duration BACKDATE = Duration.ofMinutes(5);

    private final ProfileCatalog profiles;
    private final Clock clock;

    public IssuancePolicy(ProfileCatalog profiles, Clock clock) {
        this.profiles = profiles;
        this.clock = clock;
    }

    public CertificateProfile profile(String name, boolean restrictedAllowed) {
        CertificateProfile profile = profiles.find(name).orElseThrow(() -> new PolicyViolationException(
                Violation.UNKNOWN_PROFILE, "unknown profile '" + Limits.quote(name) + "'; GET /api/v1/profiles lists them"));
        if (profile.restricted() && !restrictedAllowed) {
            throw new PolicyViolationException(Violation.RESTRICTED_PROFILE, "profile '" + name
                    + "' is issued only through its own endpoint (administrators: POST /api/v1/admins)");
        }
        return profile;
    }

    /**
     * Judges one name before any CSR exists, for a front end that must refuse a name up front (ACME refuses an
     * identifier before it offers a challenge for it), by the same rules a CSR's SAN meets later.
     *
     * @throws PolicyViolationException naming what the profile does not allow
     */
    public void checkName(CertificateProfile profile, dev.hallmark.profile.SanType type, String value) {
        NamePolicy.checkName(profile, type, value);
    }

    /**
     * Judges the request alone; whether the issuing CA can issue it (revoked, expired, ending before
     * the certificate would) is for issuance to check.
     *
     * @param validityDays requested lifetime, or null for the profile default
     * @param bounds limits from the requester's credential, or null
     */
    public ApprovedCertificate evaluate(byte[] csrBytes, CertificateProfile profile, Integer validityDays,
            RequestBounds bounds) {
        PKCS10CertificationRequest csr = CsrDecoder.decode(csrBytes);
        KeyPolicy.KeyType keyType = KeyPolicy.check(csr.getSubjectPublicKeyInfo());
        KeyPolicy.checkProofOfPossession(csr);
        Set<KeyUsageFlag> usage = keyUsageFor(profile, keyType);
        Extensions requested = ExtensionRequestPolicy.requested(csr);
        ExtensionRequestPolicy.check(requested, profile, usage);
        NamePolicy.checkSubject(csr.getSubject(), profile, bounds);
        GeneralNames sans = ExtensionRequestPolicy.subjectAltNames(requested);
        List<String> sanText = NamePolicy.checkSans(sans, profile, bounds);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(validity(profile, validityDays));
        int bits = usage.stream().mapToInt(KeyUsageFlag::bit).reduce(0, (a, b) -> a | b);
        List<KeyPurposeId> ekus = profile.extendedKeyUsages().stream().sorted()
                .map(e -> KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier(e.oid()))).toList();
        return new ApprovedCertificate(profile, csr.getSubject(), csr.getSubjectPublicKeyInfo(), sans, sanText, bits, ekus,
                now.minus(BACKDATE), notAfter);
    }

    /**
     * The subject alternative names a CSR asks for, read as {@link #evaluate} reads them, for a front end that
     * compares them before the request reaches policy (a renewal keeps them; EST serverkeygen copies them).
     *
     * @return the names, or null when the CSR asks for none
     * @throws PolicyViolationException when the extension request cannot be read, naming the extension
     */
    public static GeneralNames requestedSubjectAltNames(PKCS10CertificationRequest csr) {
        return ExtensionRequestPolicy.subjectAltNames(ExtensionRequestPolicy.requested(csr));
    }

    /**
     * Reads every attribute of a subject as the string it must be, for a front end that compares a CSR's subject
     * before the request reaches policy (a renewal keeps it): comparing reads the values.
     *
     * @throws PolicyViolationException naming the attribute that is not a readable string
     */
    public static void checkSubjectReadable(X500Name subject) {
        NamePolicy.checkReadable(subject);
    }

    private static Duration validity(CertificateProfile profile, Integer validityDays) {
        if (validityDays == null) {
            return profile.defaultValidity();
        }
        if (validityDays < 1) {
            throw new PolicyViolationException(Violation.INVALID_VALIDITY, "validityDays must be at least 1");
        }
        Duration asked = Duration.ofDays(validityDays);
        if (asked.compareTo(profile.maxValidity()) > 0) {
            throw new PolicyViolationException(Violation.INVALID_VALIDITY, "validityDays " + validityDays
                    + " exceeds the maximum of " + profile.maxValidity().toDays() + " for profile '" + profile.name() + "'");
        }
        return asked;
    }

    /** Key usage fits the key: RSA may encipher keys (TLS 1.2 RSA key exchange); EC signs and agrees keys; Ed25519 only signs. */
    static Set<KeyUsageFlag> keyUsageFor(CertificateProfile profile, KeyPolicy.KeyType keyType) {
        Set<KeyUsageFlag> usage = EnumSet.copyOf(profile.keyUsage());
        if (keyType != KeyPolicy.KeyType.RSA) {
            usage.remove(KeyUsageFlag.keyEncipherment);
            usage.remove(KeyUsageFlag.dataEncipherment);
        }
        if (keyType == KeyPolicy.KeyType.ED25519) {
            // RFC 8410 section 5: EdDSA keys only sign; a profile's keyAgreement (fine for ECDH) would
            // otherwise reach an Ed25519 certificate and fail the key usage lint at issuance
            usage.remove(KeyUsageFlag.keyAgreement);
            usage.remove(KeyUsageFlag.encipherOnly);
            usage.remove(KeyUsageFlag.decipherOnly);
        }
        if (usage.isEmpty()) {
            usage.add(KeyUsageFlag.digitalSignature);
        }
        return usage;
    }
}
