package dev.hallmark.config;

import dev.hallmark.admin.AdministratorService;
import dev.hallmark.cluster.StartupLock;
import dev.hallmark.bootstrap.CaBootstrap;
import dev.hallmark.bootstrap.DatabaseCaRecords;
import dev.hallmark.bootstrap.ServiceBootstrap;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.issuance.ServiceCertificates;
import dev.hallmark.lint.CertificateLinter;
import dev.hallmark.policy.IssuancePolicy;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.signing.CaKeySource;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CertificateSigner;
import dev.hallmark.signing.EncryptedKeyFiles;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.ServiceCredentials;
import dev.hallmark.signing.SoftwareKeySource;
import dev.hallmark.storage.CaKeyRecords;
import java.time.Clock;
import org.bouncycastle.asn1.x500.X500Name;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the signing core, policy and bootstrap, which know nothing of Spring themselves. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HallmarkProperties.class)
@EnableScheduling
public class CoreConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PublicationUrls publicationUrls(HallmarkProperties properties) {
        return PublicationUrls.from(properties.publicBaseUrl());
    }

    /**
     * The CA password: configured, or read from {@code <data-dir>/ca/password}, or generated there
     * when neither the database nor the data directory holds a key it protects. With a PKCS#11 key
     * store the token is opened first, so that a wrong PIN or a missing token stops start-up before
     * a password file is generated; its CA keys are the token's, so only this node's keys count.
     */
    @Bean
    CaPassword caPassword(HallmarkProperties properties, ObjectProvider<CaKeyRecords> caKeys,
            ObjectProvider<CaKeySource> caKeySource) {
        boolean pkcs11 = properties.ca().keyStore() == HallmarkProperties.KeyStoreKind.PKCS11;
        if (pkcs11) {
            caKeySource.getObject();
        }
        boolean keysExist = EncryptedKeyFiles.anyIn(properties.caDir()) || !pkcs11 && caKeys.getObject().any();
        return CaPassword.resolve(properties.ca().password(), properties.caDir().resolve("password"), !keysExist);
    }

    /**
     * With a PKCS#11 key store the token is opened before the database is migrated (on H2: created
     * in the data directory), so that a wrong PIN or a missing token changes nothing.
     */
    @Bean
    FlywayConfigurationCustomizer openTokenBeforeTheDatabase(HallmarkProperties properties,
            ObjectProvider<CaKeySource> caKeySource) {
        return configuration -> {
            if (properties.ca().keyStore() == HallmarkProperties.KeyStoreKind.PKCS11) {
                caKeySource.getObject();
            }
        };
    }

    /** The encrypted key files in {@code <data-dir>/ca}: this node's own keys (TLS, OCSP responder). */
    @Bean
    EncryptedKeyFiles encryptedKeyFiles(HallmarkProperties properties, CaPassword password) {
        return new EncryptedKeyFiles(properties.caDir(), password, properties.ca().kdfIterations());
    }

    @Bean
    CaKeySource caKeySource(HallmarkProperties properties, ObjectProvider<CaPassword> password,
            ObjectProvider<CaKeyRecords> caKeys, Clock clock) {
        return CaKeySources.open(properties, () -> new SoftwareKeySource(new DatabaseCaRecords(caKeys.getObject(), clock),
                password.getObject(), properties.ca().kdfIterations()));
    }

    @Bean
    CaKeyStore caKeyStore(CaKeySource source) {
        return new CaKeyStore(source);
    }

    /** The CA from the database, made there by the first node that starts on an empty one. */
    @Bean
    CertificateAuthorities certificateAuthorities(CaKeyStore store, CaKeyRecords caKeys, CaPassword password,
            StartupLock lock, HallmarkProperties properties, PublicationUrls urls, Clock clock) {
        HallmarkProperties.Ca ca = properties.ca();
        CaBootstrap.Places places = new CaBootstrap.Places(new DatabaseCaRecords(caKeys, clock),
                SoftwareKeySource.in(properties.caDir(), password, ca.kdfIterations()), lock);
        return CaBootstrap.loadOrCreate(store, places, new CaBootstrap.Settings(ca.keyAlgorithm(),
                new X500Name(ca.rootSubject()), new X500Name(ca.issuingSubject()), ca.rootValidity(),
                ca.issuingValidity(), urls), clock);
    }

    @Bean
    ServiceCredentials serviceCredentials(EncryptedKeyFiles keyFiles) {
        return new ServiceCredentials(keyFiles);
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

    @Bean(initMethod = "run")
    ServiceBootstrap serviceBootstrap(CertificateAuthorities authorities, IssuanceService issuance,
            ServiceCertificates serviceCertificates, AdministratorService administrators,
            ServiceCredentials credentials, StartupLock lock, HallmarkProperties properties, Clock clock) {
        return new ServiceBootstrap(authorities, issuance, serviceCertificates, administrators, credentials, lock,
                properties.bootstrapDir(), properties.hostnames(), clock);
    }
}
