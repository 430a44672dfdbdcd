package dev.hallmark.bootstrap;

import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.PublicationUrls;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.asn1.x500.X500Name;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start: creates the root CA (unless one was imported) and the issuing CA. Every later start
 * only loads them, so the root's fingerprint never changes.
 */
public final class CaBootstrap {

    private static final Logger log = LoggerFactory.getLogger(CaBootstrap.class);

    /** What to create when nothing exists yet. */
    public record Settings(KeyAlgorithm keyAlgorithm, X500Name rootSubject, X500Name issuingSubject,
            Duration rootValidity, Duration issuingValidity, PublicationUrls urls) {
    }

    private CaBootstrap() {
    }

    public static CertificateAuthorities loadOrCreate(CaKeyStore store, Settings settings, Clock clock) {
        log.info("CA keys: {}", store.location());
        if (!store.hasRoot()) {
            log.info("No CA found: creating a {} root CA '{}'", settings.keyAlgorithm(), settings.rootSubject());
            store.createRoot(settings.keyAlgorithm(), settings.rootSubject(), settings.rootValidity(), clock.instant());
        }
        if (!store.hasIssuing()) {
            log.info("Creating the issuing CA '{}'", settings.issuingSubject());
            store.createIssuing(settings.keyAlgorithm(), settings.issuingSubject(), settings.issuingValidity(),
                    clock.instant(), settings.urls());
        }
        return store.load();
    }
}
