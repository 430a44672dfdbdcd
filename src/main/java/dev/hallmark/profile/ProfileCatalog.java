package dev.hallmark.profile;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The profiles the service issues under: the built-in ones, then those configured (which may replace them). */
public final class ProfileCatalog {

    private final Map<String, CertificateProfile> profiles;

    public ProfileCatalog(Collection<CertificateProfile> configured) {
        Map<String, CertificateProfile> all = new LinkedHashMap<>();
        builtIn().forEach(p -> all.put(p.name(), p));
        configured.forEach(p -> all.put(p.name(), p));
        this.profiles = Map.copyOf(all);
    }

    public Optional<CertificateProfile> find(String name) {
        return Optional.ofNullable(name == null ? null : profiles.get(name));
    }

    public List<CertificateProfile> all() {
        return profiles.values().stream().sorted(java.util.Comparator.comparing(CertificateProfile::name)).toList();
    }

    public static List<CertificateProfile> builtIn() {
        Set<String> dn = Set.of("CN", "O", "OU", "C", "ST", "L");
        return List.of(
                new CertificateProfile("server", "TLS server: serverAuth, at least one DNS or IP name",
                        Set.of(KeyUsageFlag.digitalSignature, KeyUsageFlag.keyEncipherment),
                        Set.of(ExtendedKeyUsageName.serverAuth), Set.of(SanType.DNS, SanType.IP), true, false, true,
                        List.of("*"), dn, Duration.ofDays(398), Duration.ofDays(90), false),
                new CertificateProfile("client", "TLS client (mutual TLS): clientAuth",
                        Set.of(KeyUsageFlag.digitalSignature), Set.of(ExtendedKeyUsageName.clientAuth),
                        Set.of(SanType.DNS, SanType.EMAIL, SanType.URI), false, true, false, List.of("*"), dn,
                        Duration.ofDays(398), Duration.ofDays(90), false),
                new CertificateProfile("device", "Device identity: clientAuth, a common name, SANs optional",
                        Set.of(KeyUsageFlag.digitalSignature), Set.of(ExtendedKeyUsageName.clientAuth),
                        Set.of(SanType.DNS, SanType.IP, SanType.URI), false, true, false, List.of("*"),
                        Set.of("CN", "O", "OU", "C", "serialNumber"), Duration.ofDays(3 * 365), Duration.ofDays(365),
                        false),
                new CertificateProfile("admin", "Administrator client certificate; issued only through /api/v1/admins",
                        Set.of(KeyUsageFlag.digitalSignature), Set.of(ExtendedKeyUsageName.clientAuth),
                        Set.of(SanType.EMAIL), false, true, false, List.of("*"), Set.of("CN", "O", "OU"),
                        Duration.ofDays(365), Duration.ofDays(365), true));
    }
}
