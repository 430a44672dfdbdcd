package dev.hallmark.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProfileCatalogTests {

    @Test
    void builtInWhenListedThenHasServerClientDeviceAndAdmin() {
        assertThat(ProfileCatalog.builtIn()).extracting(CertificateProfile::name)
                .containsExactly("server", "client", "device", "admin");
    }

    @Test
    void builtInWhenServerThenServerAuthAndRequiresAHostName() {
        CertificateProfile server = new ProfileCatalog(List.of()).find("server").orElseThrow();
        assertThat(server.extendedKeyUsages()).containsExactly(ExtendedKeyUsageName.serverAuth);
        assertThat(server.requireHostName()).isTrue();
        assertThat(server.maxValidity()).isEqualTo(Duration.ofDays(398));
    }

    @Test
    void builtInWhenClientSideProfilesThenNeverCarryServerAuth() {
        assertThat(ProfileCatalog.builtIn()).filteredOn(p -> !p.name().equals("server"))
                .allSatisfy(p -> assertThat(p.extendedKeyUsages()).containsExactly(ExtendedKeyUsageName.clientAuth));
    }

    @Test
    void builtInWhenAdminThenRestrictedAndTheOthersAreNot() {
        assertThat(ProfileCatalog.builtIn()).filteredOn(CertificateProfile::restricted)
                .extracting(CertificateProfile::name).containsExactly("admin");
    }

    @Test
    void builtInWhenDeviceThenRequiresACommonName() {
        assertThat(new ProfileCatalog(List.of()).find("device").orElseThrow().requireCommonName()).isTrue();
    }

    @Test
    void findWhenNameIsUnknownOrNullThenEmpty() {
        ProfileCatalog catalog = new ProfileCatalog(List.of());
        assertThat(catalog.find("webserver")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
    }

    @Test
    void constructorWhenConfiguredProfileHasABuiltInNameThenReplacesIt() {
        CertificateProfile shortServer = new CertificateProfile("server", "short-lived", Set.of(KeyUsageFlag.digitalSignature),
                Set.of(ExtendedKeyUsageName.serverAuth), Set.of(SanType.DNS), true, false, false, List.of("*.internal.example"),
                Set.of("CN"), Duration.ofDays(7), Duration.ofDays(1), false);
        ProfileCatalog catalog = new ProfileCatalog(List.of(shortServer));
        assertThat(catalog.find("server")).containsSame(shortServer);
        assertThat(catalog.all()).extracting(CertificateProfile::name).containsExactly("admin", "client", "device", "server");
    }
}
