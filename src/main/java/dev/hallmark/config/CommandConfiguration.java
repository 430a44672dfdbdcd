package dev.hallmark.config;

import dev.hallmark.admin.AdministratorService;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.bootstrap.DatabaseCaRecords;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.signing.CaKeyException;
import dev.hallmark.signing.CaKeySource;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CertificateSigner;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.storage.Administrator;
import dev.hallmark.storage.CaKeyRecords;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * What a command run on the CA's host ({@code create-admin}) needs of the service, with the
 * service's own settings (application.properties, environment, {@code --name=value} arguments): the
 * database, migrated by Flyway as at start-up; the CA keys from the database (or the token),
 * opened with the CA password; policy, issuance, audit and administrators. No web server, no schedules, no first-start bootstrap: a
 * command never creates a CA, a CA password or the service's TLS certificate.
 *
 * <p>Not a {@code @Configuration}: the service's component scan would then take these beans in as well.
 */
@EnableAutoConfiguration(exclude = UserDetailsServiceAutoConfiguration.class)
@AutoConfigurationPackage(basePackageClasses = Administrator.class)
@EnableConfigurationProperties(HallmarkProperties.class)
@ComponentScan(basePackageClasses = {Administrator.class, AuditLog.class, IssuanceService.class,
    AdministratorService.class})
@Import(StorageConfiguration.class)
public class CommandConfiguration {

    /** Starts the command's context; its log stays quiet so that the command's own lines are what it prints. */
    public static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(CommandConfiguration.class)
                .web(WebApplicationType.NONE)
                .properties(Map.of("spring.main.banner-mode", "off", "spring.main.log-startup-info", "false",
                        "logging.level.root", "warn", "logging.level.org.springframework", "error",
                        "logging.level.org.springframework.boot.diagnostics", "off",
                        "logging.level.com.zaxxer.hikari", "off", "logging.level.org.hibernate", "error",
                        "logging.level.org.flywaydb", "error"))
                .run(args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PublicationUrls publicationUrls(HallmarkProperties properties) {
        return PublicationUrls.from(properties.publicBaseUrl());
    }

    @Bean
    CaKeyStore caKeyStore(HallmarkProperties properties, CaKeyRecords caKeys, Clock clock) {
        CaKeySource source = CaKeySources.open(properties, () -> {
            if (!caKeys.any()) {
                throw new CaKeyException("no CA in the database: give the service's database settings (with H2, its"
                        + " data directory: --data-dir or HALLMARK_DATA_DIR), after the service's first start");
            }
            CaPassword password = CaPassword.resolve(properties.ca().password(), properties.caDir().resolve("password"),
                    false);
            return new SoftwareKeySource(new DatabaseCaRecords(caKeys, clock), password, properties.ca().kdfIterations());
        });
        if (!source.holds(IssuerId.ROOT)) {
            throw new CaKeyException("no CA in " + source.location() + ": start the service once first");
        }
        return new CaKeyStore(source);
    }

    @Bean
    CertificateAuthorities certificateAuthorities(CaKeyStore store) {
        if (!store.hasRoot() || !store.hasIssuing()) {
            throw new CaKeyException("the CA in " + store.location() + " has no issuing CA yet: start the service once");
        }
        return store.load();
    }

    @Bean
    CertificateSigner certificateSigner(CertificateAuthorities authorities, PublicationUrls urls) {
        return new CertificateSigner(authorities, urls, CertificateLinter.rfc5280());
    }

    @Bean
    ProfileCatalog profileCatalog(HallmarkProperties properties) {
        return ProfileConfiguration.catalog(properties.profiles());
    }

    @Bean
    IssuancePolicy issuancePolicy(ProfileCatalog profiles, Clock clock) {
        return new IssuancePolicy(profiles, clock);
    }
}
