package dev.hallmark.enrollment;

import dev.hallmark.signing.CertificateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/**
 * The bootstrap (manufacturer) CAs whose client certificates may make a first EST enrollment
 * (RFC 7030 section 3.3.2): a device's factory identity gets it an operational certificate of this CA.
 * The chain the device presents is validated (RFC 5280 path validation, at the current time)
 * against these anchors only.
 */
public final class BootstrapCaTrust {

    private final List<X509Certificate> anchors;
    private final Clock clock;

    public BootstrapCaTrust(List<X509Certificate> anchors, Clock clock) {
        this.anchors = List.copyOf(anchors);
        this.clock = clock;
    }

    public static BootstrapCaTrust none(Clock clock) {
        return new BootstrapCaTrust(List.of(), clock);
    }

    /** Reads a PEM bundle of CA certificates; a missing or unreadable file stops start-up. */
    public static BootstrapCaTrust load(Path pemBundle, Clock clock) {
        try {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            List<X509Certificate> anchors = new ArrayList<>();
            for (X509CertificateHolder holder : CertificateFiles.readAll(Files.readAllBytes(pemBundle))) {
                anchors.add(converter.getCertificate(holder));
            }
            if (anchors.isEmpty()) {
                throw new IllegalStateException("hallmark.est.bootstrap-ca-file " + pemBundle + " holds no certificate");
            }
            return new BootstrapCaTrust(anchors, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read hallmark.est.bootstrap-ca-file " + pemBundle, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read hallmark.est.bootstrap-ca-file " + pemBundle, e);
        }
    }

    public boolean configured() {
        return !anchors.isEmpty();
    }

    /** For the TLS trust store: the handshake must accept these chains before EST can look at them. */
    public List<X509CertificateHolder> anchorHolders() {
        List<X509CertificateHolder> out = new ArrayList<>();
        for (X509Certificate anchor : anchors) {
            try {
                out.add(new X509CertificateHolder(anchor.getEncoded()));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /**
     * @param chain the TLS client's chain, leaf first (as the servlet request attribute gives it)
     * @return why the chain is not acceptable, or empty when it chains to a bootstrap CA
     */
    public Optional<String> refusal(X509Certificate[] chain) {
        if (anchors.isEmpty()) {
            return Optional.of("no bootstrap CA is configured on this server (hallmark.est.bootstrap-ca-file)");
        }
        if (chain == null || chain.length == 0) {
            return Optional.of("no client certificate was presented");
        }
        try {
            Set<TrustAnchor> trust = new HashSet<>();
            for (X509Certificate anchor : anchors) {
                trust.add(new TrustAnchor(anchor, null));
            }
            List<X509Certificate> path = new ArrayList<>();
            for (X509Certificate c : chain) {
                if (anchors.stream().noneMatch(a -> a.equals(c))) {
                    path.add(c);
                }
            }
            if (path.isEmpty()) {
                return Optional.of("a CA certificate is not a device identity");
            }
            PKIXParameters parameters = new PKIXParameters(trust);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            if (path.get(0).getBasicConstraints() >= 0) {
                return Optional.of("a CA certificate is not a device identity");
            }
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.of("the client certificate does not chain to a configured bootstrap CA ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
