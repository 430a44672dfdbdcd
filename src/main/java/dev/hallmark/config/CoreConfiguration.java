package dev.hallmark.config;

import dev.hallmark.admin.AdministratorService;
import dev.hallmark.bootstrap.CaBootstrap;
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
import java.time.Clock;
import org.bouncycastle.asn1.x500.X500Name;
import org.springframework.beans.factory.ObjectProvider;
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
     * The encrypted key files in {@code <data-dir>/ca}: the software CA keys and the service's own keys.
     * With a PKCS#11 key store the token is opened first, so that a wrong PIN or a missing token stops
     * start-up before a password file is generated.
     */
    @Bean
    EncryptedKeyFiles encryptedKeyFiles(HallmarkProperties properties, ObjectProvider<CaKeySource> caKeySource) {
        if (properties.ca().keyStore() == HallmarkProperties.KeyStoreKind.PKCS11) {
            caKeySource.getObject();
        }
        CaPassword password = CaPassword.resolve(properties.ca().password(), properties.caDir().resolve("password"),
                !EncryptedKeyFiles.anyIn(properties.caDir()));
        return new EncryptedKeyFiles(properties.caDir(), password, properties.ca().kdfIterations());
    }

    @Bean
    CaKeySource caKeySource(HallmarkProperties properties, ObjectProvider<EncryptedKeyFiles> keyFiles) {
        return CaKeySources.open(properties, keyFiles::getObject);
    }

    @Bean
    CaKeyStore caKeyStore(CaKeySource source) {
        return new CaKeyStore(source);
    }

    @Bean
    CertificateAuthorities certificateAuthorities(CaKeyStore store, HallmarkProperties properties, PublicationUrls urls,
            Clock clock) {
        HallmarkProperties.Ca ca = properties.ca();
        return CaBootstrap.loadOrCreate(store, new CaBootstrap.Settings(ca.keyAlgorithm(), new X500Name(ca.rootSubject()),
                new X500Name(ca.issuingSubject()), ca.rootValidity(), ca.issuingValidity(), urls), clock);
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
            ServiceCredentials credentials, HallmarkProperties properties, Clock clock) {
        return new ServiceBootstrap(authorities, issuance, serviceCertificates, administrators, credentials,
                properties.bootstrapDir(), properties.hostnames(), clock);
    }
}
