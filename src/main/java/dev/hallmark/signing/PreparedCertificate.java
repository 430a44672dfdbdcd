package dev.hallmark.signing;

import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * A linted to-be-signed certificate: the single-use token that {@link CertificateSigner#issue}
 * redeems once. There is no other way to a real signature.
 */
public final class PreparedCertificate {

    private final CertificateTemplate template;
    private final X509v3CertificateBuilder builder;
    private final byte[] lintedTbs;
    private final X509CertificateHolder lintedCertificate;
    private final AtomicBoolean redeemed = new AtomicBoolean();

    PreparedCertificate(CertificateTemplate template, X509v3CertificateBuilder builder, byte[] lintedTbs,
            X509CertificateHolder lintedCertificate) {
        this.template = template;
        this.builder = builder;
        this.lintedTbs = lintedTbs;
        this.lintedCertificate = lintedCertificate;
    }

    public CertificateTemplate template() {
        return template;
    }

    /** The linted certificate, signed by the throwaway key: fine to inspect, never to hand out. */
    public X509CertificateHolder lintedCertificate() {
        return lintedCertificate;
    }

    X509v3CertificateBuilder redeem() {
        if (!redeemed.compareAndSet(false, true)) {
            throw new IllegalStateException("a prepared certificate can be issued only once");
        }
        return builder;
    }

    byte[] lintedTbs() {
        return lintedTbs;
    }
}
