package dev.hallmark.config;

import dev.hallmark.bootstrap.OcspResponderRenewal;
import dev.hallmark.bootstrap.ServiceBootstrap;
import dev.hallmark.cluster.NodeName;
import dev.hallmark.issuance.ServiceCertificates;
import dev.hallmark.lint.CrlLinter;
import dev.hallmark.revocation.CrlPublisher;
import dev.hallmark.revocation.CrlSettings;
import dev.hallmark.revocation.OcspResponded;
import dev.hallmark.revocation.OcspResponder;
import dev.hallmark.revocation.OcspSettings;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.CrlSigner;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.OcspResponseSigner;
import dev.hallmark.signing.PublicationUrls;
import dev.hallmark.signing.ServiceCredentials;
import dev.hallmark.storage.CrlRecords;
import dev.hallmark.storage.RevocationRecords;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires CRL publication and the OCSP responder, and schedules their upkeep. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RevocationProperties.class)
public class RevocationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RevocationConfiguration.class);

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService crlBackground() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "crl-publisher");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    CrlSigner crlSigner(CertificateAuthorities authorities, PublicationUrls urls) {
        return new CrlSigner(authorities, CrlLinter.rfc5280(), urls);
    }

    @Bean
    CrlPublisher crlPublisher(CrlSigner signer, RevocationRecords records, CrlRecords stored,
            TransactionTemplate transactions, HallmarkProperties hallmark, RevocationProperties properties,
            NodeName node, Clock clock, ScheduledExecutorService crlBackground, ApplicationEventPublisher events) {
        RevocationProperties.Crl crl = properties.crl();
        return new CrlPublisher(signer, records, stored, transactions, new CrlSettings(hallmark.dataDir().resolve("crl"),
                crl.nextUpdate(), crl.regenerateInterval(), crl.debounce(), crl.pageSize(), node.value(),
                crl.deltaOnlyFrom()), clock, crlBackground, events);
    }

    @Bean
    OcspResponseSigner ocspResponseSigner(ServiceCredentials credentials) {
        return new OcspResponseSigner(credentials);
    }

    /** Runs after the service bootstrap, so the CA certificates are recorded before the responder's. */
    @Bean(initMethod = "run")
    OcspResponderRenewal ocspResponderRenewal(ServiceBootstrap bootstrap, ServiceCertificates certificates,
            ServiceCredentials credentials, OcspResponseSigner signer, CertificateAuthorities authorities,
            RevocationProperties properties, Clock clock) {
        X500Name issuing = authorities.certificate(IssuerId.ISSUING).getSubject();
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "Hallmark OCSP Responder");
        if (issuing.getRDNs(BCStyle.O).length > 0) {
            subject.addRDN(BCStyle.O, issuing.getRDNs(BCStyle.O)[0].getFirst().getValue());
        }
        return new OcspResponderRenewal(certificates, credentials, signer, subject.build(),
                properties.ocsp().responderValidity(), properties.ocsp().responderRenewBefore(), clock);
    }

    @Bean
    OcspResponder ocspResponder(OcspResponseSigner signer, RevocationRecords records, CertificateAuthorities authorities,
            RevocationProperties properties, Clock clock, OcspResponderRenewal renewal, OcspResponded responded) {
        RevocationProperties.Ocsp ocsp = properties.ocsp();
        return new OcspResponder(signer, records, authorities, new OcspSettings(ocsp.responseValidity(),
                ocsp.refreshAfter(), ocsp.maxRequestEntries(), ocsp.cacheSize()), clock, responded);
    }

    @Bean
    RevocationUpkeep revocationUpkeep(CrlPublisher crls, OcspResponderRenewal renewal,
            ScheduledExecutorService crlBackground) {
        return new RevocationUpkeep(crls, renewal, crlBackground);
    }

    /**
     * The schedules: CRLs checked every minute and old stored CRLs deleted every hour, each once
     * cluster-wide; this node's own OCSP responder certificate checked every hour (each node has its
     * own responder key, kept in its data directory, so each renews its own).
     */
    public static class RevocationUpkeep {

        private final CrlPublisher crls;
        private final OcspResponderRenewal renewal;
        private final ScheduledExecutorService background;

        RevocationUpkeep(CrlPublisher crls, OcspResponderRenewal renewal, ScheduledExecutorService background) {
            this.crls = crls;
            this.renewal = renewal;
            this.background = background;
        }

        /**
         * At start this node serves the stored CRLs, or signs them when none is current, in the
         * background so that the first fetch does not wait; every node may do so at once, as the CRL
         * number's lock lets one of them sign.
         */
        @EventListener(ApplicationReadyEvent.class)
        public void signFirstCrls() {
            background.execute(() -> {
                try {
                    crls.regenerateIfDue();
                } catch (RuntimeException e) {
                    log.error("signing the first CRLs failed; readers will retry", e);
                }
            });
        }

        @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
        @SchedulerLock(name = "crl-regeneration", lockAtMostFor = "PT10M", lockAtLeastFor = "PT30S")
        public void regenerateCrls() {
            try {
                crls.regenerateIfDue();
            } catch (RuntimeException e) {
                log.error("scheduled CRL regeneration failed; the last signed CRLs are still served", e);
            }
        }

        @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
        @SchedulerLock(name = "crl-clean-up", lockAtMostFor = "PT10M", lockAtLeastFor = "PT1M")
        public void cleanUp() {
            try {
                crls.deleteOldStoredCrls();
                crls.deleteExpiredRevocations();
            } catch (RuntimeException e) {
                log.error("deleting old stored CRLs or expired revocations failed; will retry", e);
            }
        }

        @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1H")
        public void renewResponder() {
            try {
                renewal.run();
            } catch (RuntimeException e) {
                log.error("OCSP responder certificate renewal failed; will retry", e);
            }
        }
    }
}
