package dev.hallmark.bootstrap;

import dev.hallmark.cluster.StartupLock;
import dev.hallmark.signing.CaKeyException;
import dev.hallmark.signing.CaKeySource;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaRecords;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.PublicationUrls;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the CA in the database, or, on the first start of the first node, creates it: the root CA
 * (unless one was imported) and the issuing CA. This runs under the {@link StartupLock}, so that of
 * several nodes starting on an empty database one creates the CA and the others wait and load it.
 * A CA in the database is never replaced: a node whose key source lacks it, or holds another one,
 * stops. Key files of an installation from before the keys moved into the database (or written by
 * {@code import-ca}) are moved into it first, decrypted and encrypted again with the same password,
 * so that a wrong password stops the start before anything is written.
 */
public final class CaBootstrap {

    private static final Logger log = LoggerFactory.getLogger(CaBootstrap.class);

    /** What to create when nothing exists yet. */
    public record Settings(KeyAlgorithm keyAlgorithm, X500Name rootSubject, X500Name issuingSubject,
            Duration rootValidity, Duration issuingValidity, PublicationUrls urls) {
    }

    /**
     * @param database the CA records every node shares
     * @param files the data directory's CA key files, moved into {@code database} when it has none
     */
    public record Places(CaRecords database, CaKeySource files, StartupLock lock) {
    }

    private CaBootstrap() {
    }

    public static CertificateAuthorities loadOrCreate(CaKeyStore store, Places places, Settings settings, Clock clock) {
        return places.lock().holding(() -> {
            for (IssuerId id : IssuerId.values()) {
                moveIntoDatabase(id, store, places);
            }
            log.info("CA keys: {}", store.location());
            if (!store.hasRoot()) {
                refuseOver(IssuerId.ROOT, places.database(), store);
                log.info("No CA found: creating a {} root CA '{}'", settings.keyAlgorithm(), settings.rootSubject());
                store.createRoot(settings.keyAlgorithm(), settings.rootSubject(), settings.rootValidity(),
                        clock.instant());
            }
            if (!store.hasIssuing()) {
                refuseOver(IssuerId.ISSUING, places.database(), store);
                log.info("Creating the issuing CA '{}'", settings.issuingSubject());
                store.createIssuing(settings.keyAlgorithm(), settings.issuingSubject(), settings.issuingValidity(),
                        clock.instant(), settings.urls());
            }
            CertificateAuthorities authorities = store.load();
            for (IssuerId id : IssuerId.values()) {
                recordOrCompare(id, authorities.certificate(id), places.database(), store.location());
            }
            return authorities;
        });
    }

    private static void moveIntoDatabase(IssuerId id, CaKeyStore store, Places places) {
        if (!places.files().holds(id)) {
            return;
        }
        X509CertificateHolder file = places.files().certificate(id);
        Optional<CaRecords.Stored> stored = places.database().find(id);
        if (stored.isEmpty()) {
            log.info("Moving the {} CA '{}' from {} into {}; the files are no longer read", id, file.getSubject(),
                    places.files().location(), store.location());
            store.copy(id, places.files());
        } else if (!same(stored.get().certificate(), file)) {
            throw new CaKeyException(places.files().location() + " holds the " + id + " CA '" + file.getSubject()
                    + "' but the database holds another one, '" + stored.get().certificate().getSubject()
                    + "'; remove the data directory's CA files to join the database's CA");
        }
    }

    /** A CA in the database whose key this node's source does not hold is never replaced by a new one. */
    private static void refuseOver(IssuerId id, CaRecords database, CaKeyStore store) {
        database.find(id).ifPresent(stored -> {
            throw new CaKeyException("the database holds the " + id + " CA '" + stored.certificate().getSubject()
                    + "' but its key is not in " + store.location());
        });
    }

    /** Keys in a token: the database gets the certificates, so that every node checks it has the same CA. */
    private static void recordOrCompare(IssuerId id, X509CertificateHolder loaded, CaRecords database, String location) {
        Optional<CaRecords.Stored> stored = database.find(id);
        if (stored.isEmpty()) {
            database.insert(id, new CaRecords.Stored(loaded, null));
        } else if (!same(stored.get().certificate(), loaded)) {
            throw new CaKeyException(location + " holds the " + id + " CA '" + loaded.getSubject()
                    + "' but the database holds another one, '" + stored.get().certificate().getSubject() + "'");
        }
    }

    private static boolean same(X509CertificateHolder a, X509CertificateHolder b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (IOException e) {
            throw new CaKeyException("cannot encode a CA certificate", e);
        }
    }
}
