package dev.hallmark.signing;

import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The loaded root and issuing CA, whatever {@link CaKeySource} keeps their keys. Only this package
 * ever sees the keys; callers get certificates, and signers in this package sign with them.
 */
public final class CertificateAuthorities {

    private final Issuer root;
    private final Issuer issuing;

    CertificateAuthorities(Issuer root, Issuer issuing) {
        this.root = root;
        this.issuing = issuing;
    }

    Issuer issuer(IssuerId id) {
        return id == IssuerId.ROOT ? root : issuing;
    }

    public X509CertificateHolder certificate(IssuerId id) {
        return issuer(id).certificate();
    }

    public X509Certificate jcaCertificate(IssuerId id) {
        return issuer(id).jcaCertificate();
    }

    /** Issuing CA then root, as TLS peers and {@code ca-chain.pem} want them. */
    public List<X509CertificateHolder> chain() {
        return List.of(issuing.certificate(), root.certificate());
    }
}
