package dev.hallmark.config;

import dev.hallmark.profile.CertificateProfile;
import dev.hallmark.profile.ExtendedKeyUsageName;
import dev.hallmark.profile.InvalidProfileException;
import dev.hallmark.profile.KeyUsageFlag;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.profile.SanType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns {@code hallmark.profiles.*} into profiles: a configured field replaces the built-in one of the same profile. */
final class ProfileConfiguration {

    /** RFC 5280 section 4.2.1.12's name for OID 2.5.29.37.0. */
    private static final String ANY_EXTENDED_KEY_USAGE = "anyExtendedKeyUsage";

    private ProfileConfiguration() {
    }

    static ProfileCatalog catalog(Map<String, HallmarkProperties.ProfileProperties> configured) {
        Map<String, CertificateProfile> builtIn = ProfileCatalog.builtIn().stream()
                .collect(Collectors.toMap(CertificateProfile::name, Function.identity()));
        List<CertificateProfile> profiles = configured.entrySet().stream()
                .map(e -> merge(e.getKey(), e.getValue(), builtIn.get(e.getKey()))).toList();
        return new ProfileCatalog(profiles);
    }

    private static CertificateProfile merge(String name, HallmarkProperties.ProfileProperties p, CertificateProfile base) {
        if (base == null && (p.keyUsage() == null || p.extendedKeyUsage() == null || p.maxValidity() == null)) {
            throw new InvalidProfileException("profile '" + name + "' is new: give keyUsage, extendedKeyUsage and maxValidity");
        }
        return new CertificateProfile(name,
                or(p.description(), base == null ? name : base.description()),
                p.keyUsage() == null ? base.keyUsage() : parse(p.keyUsage(), KeyUsageFlag.class, name),
                p.extendedKeyUsage() == null ? base.extendedKeyUsages() : extendedKeyUsages(p.extendedKeyUsage(), name),
                p.sanTypes() == null ? (base == null ? Set.of(SanType.DNS) : base.sanTypes())
                        : parse(p.sanTypes().stream().map(s -> s.toUpperCase(Locale.ROOT)).toList(), SanType.class, name),
                or(p.requireHostName(), base != null && base.requireHostName()),
                or(p.requireCommonName(), base != null && base.requireCommonName()),
                or(p.allowWildcards(), base != null && base.allowWildcards()),
                or(p.namePatterns(), base == null ? List.of("*") : base.namePatterns()),
                p.subjectAttributes() == null ? (base == null ? Set.of("CN", "O", "OU") : base.subjectAttributes())
                        : Set.copyOf(p.subjectAttributes()),
                or(p.maxValidity(), base == null ? null : base.maxValidity()),
                or(p.defaultValidity(), base == null ? p.maxValidity() : base.defaultValidity()),
                base != null && base.restricted());
    }

    private static Set<ExtendedKeyUsageName> extendedKeyUsages(List<String> names, String profile) {
        // not a name profiles can carry, so refused here with the hard limit rather than as unknown
        if (names.stream().anyMatch(n -> n.equalsIgnoreCase(ANY_EXTENDED_KEY_USAGE))) {
            throw InvalidProfileException.signsOcspAnswers(profile);
        }
        return parse(names, ExtendedKeyUsageName.class, profile);
    }

    private static <E extends Enum<E>> Set<E> parse(List<String> names, Class<E> type, String profile) {
        return names.stream().map(n -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(n)) {
                    return e;
                }
            }
            throw new InvalidProfileException("profile '" + profile + "': unknown " + type.getSimpleName() + " '" + n + "'");
        }).collect(Collectors.toSet());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
