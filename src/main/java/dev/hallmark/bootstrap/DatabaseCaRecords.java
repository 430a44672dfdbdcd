package dev.hallmark.bootstrap;

import dev.hallmark.signing.CaKeyException;
import dev.hallmark.signing.CaRecords;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.IssuerNameId;
import dev.hallmark.storage.CaKeyRecords;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/** The CA records of the signing core, kept in the database's {@code ca_key} table. */
public final class DatabaseCaRecords implements CaRecords {

    private final CaKeyRecords rows;
    private final Clock clock;

    public DatabaseCaRecords(CaKeyRecords rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    @Override
    public Optional<Stored> find(IssuerId id) {
        return rows.find(id.name()).map(row -> new Stored(certificate(row.certificate()), row.encryptedKey()));
    }

    @Override
    public void insert(IssuerId id, Stored stored) {
        byte[] der;
        try {
            der = stored.certificate().getEncoded();
        } catch (IOException e) {
            throw new CaKeyException("cannot encode the " + id + " CA certificate", e);
        }
        rows.insert(new CaKeyRecords.CaKeyRow(IssuerNameId.ofSubject(stored.certificate()).value(), id.name(), der,
                stored.encryptedKey()), clock.instant());
    }

    @Override
    public String location() {
        return "the database (table ca_key)";
    }

    private static X509CertificateHolder certificate(byte[] der) {
        try {
            return new X509CertificateHolder(der);
        } catch (IOException e) {
            throw new CaKeyException("the database holds a CA certificate that cannot be parsed", e);
        }
    }
}
