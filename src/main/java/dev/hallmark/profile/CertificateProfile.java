package dev.hallmark.profile;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A named, immutable set of rules for end-entity certificates, checked against hard limits when
 * it is created so that a configuration mistake stops start-up instead of issuing.
 *
 * @param keyUsage the key usages issued (keyEncipherment only ever for RSA keys)
 * @param sanTypes the subject alternative name types a request may carry
 * @param requireHostName at least one DNS or IP SAN (TLS servers are matched by them)
 * @param namePatterns DNS names and e-mail domains allowed; {@code *} allows any, {@code *.example.com} a subtree
 * @param subjectAttributes the subject attribute short names a request may carry (CN, O, OU, ...)
 * @param restricted issued only through its own endpoint (administrators), never by a plain CSR
 */
public record CertificateProfile(
        String name,
        String description,
        Set<KeyUsageFlag> keyUsage,
        Set<ExtendedKeyUsageName> extendedKeyUsages,
        Set<SanType> sanTypes,
        boolean requireHostName,
        boolean requireCommonName,
        boolean allowWildcards,
        List<String> namePatterns,
        Set<String> subjectAttributes,
        Duration maxValidity,
        Duration defaultValidity,
        boolean restricted) {

    /**
     * No end-entity certificate lives longer than this: keys outlive the algorithms protecting them,
     * and revocation lists would have to carry entries for as long (CA/B Forum caps TLS at 398 days;
     * private PKIs commonly allow devices up to a few years).
     */
    public static final Duration HARD_MAX_VALIDITY = Duration.ofDays(5 * 366);

    public CertificateProfile {
        if (name == null || !name.matches("[a-z][a-z0-9-]{0,62}")) {
            throw new InvalidProfileException("profile name '" + name + "' must be lower-case letters, digits and '-'");
        }
        keyUsage = Set.copyOf(keyUsage);
        extendedKeyUsages = Set.copyOf(extendedKeyUsages);
        sanTypes = sanTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sanTypes));
        namePatterns = List.copyOf(namePatterns);
        subjectAttributes = Set.copyOf(subjectAttributes);
        if (keyUsage.contains(KeyUsageFlag.keyCertSign) || keyUsage.contains(KeyUsageFlag.cRLSign)) {
            throw new InvalidProfileException("profile '" + name + "': end-entity profiles cannot have keyCertSign or cRLSign");
        }
        if (extendedKeyUsages.contains(ExtendedKeyUsageName.OCSPSigning)) {
            throw InvalidProfileException.signsOcspAnswers(name);
        }
        if (keyUsage.isEmpty() || extendedKeyUsages.isEmpty()) {
            throw new InvalidProfileException("profile '" + name + "' needs at least one key usage and extended key usage");
        }
        if (maxValidity == null || maxValidity.isNegative() || maxValidity.isZero()
                || maxValidity.compareTo(HARD_MAX_VALIDITY) > 0) {
            throw new InvalidProfileException("profile '" + name + "': maxValidity must be between 1 second and "
                    + HARD_MAX_VALIDITY.toDays() + " days");
        }
        // a zero default would make every certificate issued without validityDays expire the moment it is signed
        if (defaultValidity == null || defaultValidity.isNegative() || defaultValidity.isZero()) {
            throw new InvalidProfileException("profile '" + name + "': defaultValidity must be positive");
        }
        if (defaultValidity.compareTo(maxValidity) > 0) {
            throw new InvalidProfileException("profile '" + name + "': defaultValidity must not exceed maxValidity");
        }
        if (requireHostName && !(sanTypes.contains(SanType.DNS) || sanTypes.contains(SanType.IP))) {
            throw new InvalidProfileException("profile '" + name + "' requires a host name but allows no DNS or IP SAN");
        }
    }

    public boolean allowsSan(SanType type) {
        return sanTypes.contains(type);
    }
}
