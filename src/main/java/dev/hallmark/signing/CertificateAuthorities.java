package dev.hallmark.signing;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The loaded root and issuing CA, whatever {@link CaKeySource} keeps their keys. Only this package
 * ever sees the keys; callers get certificates, and signers in this package sign with them.
 */
public final class CertificateAuthorities {

    private final Issuer root;
    private final Issuer issuing;

    CertificateAuthorities(Issuer root, Issuer issuing) {
        if (root.nameId().equals(issuing.nameId())) {
            throw new CaKeyException("the root and the issuing CA have the same subject '" + root.certificate().getSubject()
                    + "'; their certificates and CRLs could not be told apart");
        }
        this.root = root;
        this.issuing = issuing;
    }

    Issuer issuer(IssuerId id) {
        return id == IssuerId.ROOT ? root : issuing;
    }

    public X509CertificateHolder certificate(IssuerId id) {
        return issuer(id).certificate();
    }

    /** How the database names the CA (its rows in certificate, revoked_certificate, crl, ca_key...). */
    public IssuerNameId nameId(IssuerId id) {
        return issuer(id).nameId();
    }

    /** Which of the loaded CAs the database's id names; empty for a CA this node does not sign with. */
    public Optional<IssuerId> role(long nameId) {
        for (IssuerId id : IssuerId.values()) {
            if (issuer(id).nameId().value() == nameId) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    public X509Certificate jcaCertificate(IssuerId id) {
        return issuer(id).jcaCertificate();
    }

    /** Issuing CA then root, as TLS peers and {@code ca-chain.pem} want them. */
    public List<X509CertificateHolder> chain() {
        return List.of(issuing.certificate(), root.certificate());
    }
}
