package dev.hallmark.audit;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * An audit checkpoint as a file: CMS SignedData (RFC 5652), PEM ({@code CMS} or {@code PKCS7}) or
 * DER. {@link #verify} checks it as a relying party would, with nothing from the service: its one
 * signature against the certificate it names, that certificate's path to a trust anchor the caller
 * gives (the root CA kept elsewhere) at the signing time, and its content as a {@link CheckpointStatement}.
 */
public final class SignedCheckpoint {

    /** A checkpoint whose signature and signer held: what it says, and who said it. */
    public record Verified(CheckpointStatement statement, String signer) {
    }

    private SignedCheckpoint() {
    }

    static String pem(byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject("CMS", der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * @param file the checkpoint as read from its file
     * @param anchors the CA certificates it must chain to
     * @throws IllegalArgumentException saying why the checkpoint is not one, or not validly signed by them
     */
    public static Verified verify(byte[] file, Collection<X509Certificate> anchors) {
        CMSSignedData cms;
        try {
            cms = new CMSSignedData(der(file));
        } catch (CMSException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("it is not CMS SignedData (PEM or DER)");
        }
        if (cms.getSignerInfos().size() != 1 || !(cms.getSignedContent() != null
                && cms.getSignedContent().getContent() instanceof byte[] content)) {
            throw new IllegalArgumentException("it does not hold one signature over its own content");
        }
        SignerInformation signerInfo = cms.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signerInfo.getSID());
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("it does not carry its signer's certificate");
        }
        X509Certificate signer = jca(matches.iterator().next());
        try {
            if (!signerInfo.verify(new JcaSimpleSignerInfoVerifierBuilder().build(signer))) {
                throw new IllegalArgumentException("its signature does not verify: it was changed after it was signed");
            }
        } catch (CMSException | OperatorCreationException e) {
            throw new IllegalArgumentException("its signature does not verify: it was changed after it was signed");
        }
        CheckpointStatement statement = CheckpointStatement.parse(content);
        checkPath(signer, cms, anchors, Date.from(statement.time()));
        return new Verified(statement, name(signer));
    }

    /** The signer is an anchor, or PKIX finds its path to one through the certificates the checkpoint carries. */
    private static void checkPath(X509Certificate signer, CMSSignedData cms, Collection<X509Certificate> anchors,
            Date at) {
        if (anchors.contains(signer)) {
            return;
        }
        Set<TrustAnchor> trust = new HashSet<>();
        anchors.forEach(a -> trust.add(new TrustAnchor(a, null)));
        List<X509Certificate> carried = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certificates = cms.getCertificates().getMatches(null);
        certificates.forEach(c -> carried.add(jca(c)));
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(trust, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(at);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(carried)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("its signer " + name(signer)
                    + " is not a CA the given CA certificates vouch for (" + e.getMessage() + ")");
        }
    }

    /** As the service writes names (CN first), not RFC 2253's reversed order. */
    private static String name(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).toString();
    }

    private static byte[] der(byte[] file) throws IOException {
        String text = new String(file, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN ")) {
            return file;
        }
        try (PemReader reader = new PemReader(new StringReader(text))) {
            PemObject pem = reader.readPemObject();
            if (pem == null || !(pem.getType().equals("CMS") || pem.getType().equals("PKCS7"))) {
                throw new IOException("not a CMS PEM block");
            }
            return pem.getContent();
        }
    }

    private static X509Certificate jca(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("it carries a certificate that cannot be read");
        }
    }
}
