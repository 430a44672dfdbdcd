package dev.hallmark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.revocation.CrlPublisher;
import dev.hallmark.support.ClusterNodes;
import dev.hallmark.support.ClusterNodes.Node;
import dev.hallmark.support.Revocations;
import dev.hallmark.support.Tools;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delta CRLs (RFC 5280 section 5.2.4) on two nodes over one PostgreSQL schema, over real HTTP:
 * with {@code delta-only-from=0} a revocation reaches {@code /crl/delta} on the other node at once
 * while the complete CRL is not re-signed; openssl and the JDK read what is served.
 */
class ClusterDeltaCrlTests {

    private static ClusterNodes cluster;
    private static Node a;
    private static Node b;
    private static Revocations onA;
    private static Revocations onB;

    @BeforeAll
    static void startTwoNodes() {
        cluster = ClusterNodes.onFreshSchema("cluster_delta", "cluster-delta-password");
        a = cluster.start("a", "--hallmark.revocation.crl.delta-only-from=0",
                "--hallmark.revocation.crl.regenerate-interval=1s");
        b = cluster.start("b", "--hallmark.revocation.crl.delta-only-from=0",
                "--hallmark.revocation.crl.regenerate-interval=1s");
        onA = new Revocations(a.client(a.dataDir()), a.dataDir().resolve("delta-a"));
        onB = new Revocations(b.client(a.dataDir()), a.dataDir().resolve("delta-b"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void deltaWhenRevokedOnOneNodeThenOtherNodesNextDeltaListsItAndTheCompleteCrlIsNotResigned() throws Exception {
        var leaf = onA.issue("delta-revoked.example", "server", "delta-revoked.example");
        X509CRLHolder complete = new X509CRLHolder(onB.fetch("/crl"));

        onA.revoke(leaf.serial(), "keyCompromise");
        byte[] deltaFromB = onB.fetch("/crl/delta");
        byte[] deltaFromA = onA.fetch("/crl/delta");
        X509CRLHolder delta = new X509CRLHolder(deltaFromB);
        X509CRLHolder completeAfter = new X509CRLHolder(onA.fetch("/crl"));

        BigInteger serial = leaf.certificate().getSerialNumber();
        assertThat(delta.getRevokedCertificate(serial)).as("the delta CRL lists the revocation").isNotNull();
        assertThat(number(completeAfter)).as("the complete CRL was not re-signed").isEqualTo(number(complete));
        assertThat(completeAfter.getRevokedCertificate(serial)).isNull();
        Extension indicator = delta.getExtension(Extension.deltaCRLIndicator);
        assertThat(indicator.isCritical()).isTrue();
        assertThat(ASN1Integer.getInstance(indicator.getParsedValue()).getValue()).isEqualTo(number(complete));
        assertThat(number(delta)).isGreaterThan(number(complete));
        assertThat(delta.getExtension(Extension.freshestCRL)).isNull();
        if (number(new X509CRLHolder(deltaFromA)).equals(number(delta))) {
            assertThat(deltaFromA).as("one delta CRL per number").isEqualTo(deltaFromB);
        }
        assertThat(freshest(complete.getExtension(Extension.freshestCRL).getParsedValue()))
                .isEqualTo("http://localhost:8080/crl/delta");
        assertThat(complete.getExtension(Extension.freshestCRL).isCritical()).isFalse();
        assertThat(freshest(new X509CertificateHolder(leaf.certificate().getEncoded())
                .getExtension(Extension.freshestCRL).getParsedValue())).isEqualTo("http://localhost:8080/crl/delta");
    }

    @Test
    void deltaWhenCheckedByOpensslThenVerifiedAndWithUseDeltasTheRevokedCertificateIsRefused() throws Exception {
        var good = onA.issue("delta-good.example", "server", "delta-good.example");
        var bad = onA.issue("delta-bad.example", "server", "delta-bad.example");
        onB.fetchTo("/crl.pem", "complete.pem"); // before the revocation: it does not list it
        onB.revoke(bad.serial(), "keyCompromise");
        onA.fetchTo("/crl/delta.pem", "delta.pem");
        onA.fetchTo("/crl/delta", "delta.crl");
        onA.fetchTo("/crl/root/delta", "root-delta.crl");
        Files.copy(onB.dir().resolve("complete.pem"), onA.dir().resolve("complete.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Tools.Result text = Tools.run(onA.dir(), "openssl", "crl", "-inform", "DER", "-in", "delta.crl", "-CAfile",
                "ca-chain.pem", "-noout", "-verify", "-text").assertSuccess();
        Tools.Result root = Tools.run(onA.dir(), "openssl", "crl", "-inform", "DER", "-in", "root-delta.crl", "-CAfile",
                "root.pem", "-noout", "-verify", "-text").assertSuccess();
        Tools.Result complete = Tools.run(onA.dir(), "openssl", "crl", "-in", "complete.pem", "-noout", "-text")
                .assertSuccess();
        Tools.Result withDeltas = Tools.run(onA.dir(), "openssl", "verify", "-crl_check", "-use_deltas", "-CAfile",
                "root.pem", "-untrusted", "issuing.pem", "-CRLfile", "complete.pem", "-CRLfile", "delta.pem",
                bad.certFile().toString());
        Tools.Result withoutDeltas = Tools.run(onA.dir(), "openssl", "verify", "-crl_check", "-CAfile", "root.pem",
                "-untrusted", "issuing.pem", "-CRLfile", "complete.pem", "-CRLfile", "delta.pem",
                bad.certFile().toString());
        Tools.Result goodWithDeltas = Tools.run(onA.dir(), "openssl", "verify", "-crl_check", "-use_deltas", "-CAfile",
                "root.pem", "-untrusted", "issuing.pem", "-CRLfile", "complete.pem", "-CRLfile", "delta.pem",
                good.certFile().toString());

        assertThat(text.stdout() + text.stderr()).contains("verify OK", "X509v3 Delta CRL Indicator: critical",
                bad.serial());
        assertThat(root.stdout() + root.stderr()).contains("verify OK", "X509v3 Delta CRL Indicator: critical");
        assertThat(complete.stdout()).contains("X509v3 Freshest CRL:", "URI:http://localhost:8080/crl/delta");
        assertThat(withDeltas.exitCode()).as(withDeltas.stdout() + withDeltas.stderr()).isNotZero();
        assertThat(withDeltas.stdout() + withDeltas.stderr()).contains("certificate revoked");
        assertThat(withoutDeltas.exitCode()).as("the complete CRL alone predates the revocation").isZero();
        goodWithDeltas.assertSuccess();
        Tools.Result leafText = Tools.run(onA.dir(), "openssl", "x509", "-in", bad.certFile().toString(), "-noout",
                "-text").assertSuccess();
        assertThat(leafText.stdout()).contains("X509v3 Freshest CRL:", "URI:http://localhost:8080/crl/delta");
    }

    @Test
    void pkixWhenJdkChecksWithTheCompleteAndDeltaCrlThenItFollowsTheCompleteCrl() throws Exception {
        var revokedEarlier = onA.issue("delta-jdk-early.example", "server", "delta-jdk-early.example");
        onA.revoke(revokedEarlier.serial(), "superseded");
        // the complete CRL re-signed on its schedule lists it; the delta on the new base does not
        Thread.sleep(1_100);
        a.context().getBean(CrlPublisher.class).regenerateIfDue();
        var revokedNow = onA.issue("delta-jdk-now.example", "server", "delta-jdk-now.example");
        var good = onA.issue("delta-jdk-good.example", "server", "delta-jdk-good.example");
        onB.revoke(revokedNow.serial(), "keyCompromise");
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509CRL complete = crl(factory, onB.fetch("/crl"));
        X509CRL delta = crl(factory, onB.fetch("/crl/delta"));
        X509CRL root = crl(factory, onB.fetch("/crl/root"));

        assertThat(complete.getRevokedCertificate(revokedEarlier.certificate())).isNotNull();
        assertThat(delta.getRevokedCertificate(revokedEarlier.certificate())).isNull();
        assertThat(delta.getRevokedCertificate(revokedNow.certificate())).isNotNull();
        assertThat(validate(factory, good, List.of(complete, delta, root))).isNull();
        assertThat(validate(factory, revokedEarlier, List.of(complete, delta, root))).contains("revoked");
        // the JDK's PKIX passes over delta CRLs: for it the complete CRL and OCSP are what count, as
        // docs/revocation.md says
        assertThat(validate(factory, revokedNow, List.of(complete, delta, root))).isNull();
    }

    /** null when the JDK's PKIX validates the chain with these CRLs, else its message. */
    private static String validate(CertificateFactory factory, Revocations.Issued leaf, List<X509CRL> crls)
            throws Exception {
        X509Certificate anchor = (X509Certificate) factory.generateCertificate(
                Files.newInputStream(onA.dir().resolve("root.pem")));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(true);
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        try {
            CertPathValidator.getInstance("PKIX").validate(
                    factory.generateCertPath(List.of(leaf.certificate(), leaf.issuer())), parameters);
            return null;
        } catch (CertPathValidatorException e) {
            return e.getMessage();
        }
    }

    private static X509CRL crl(CertificateFactory factory, byte[] der) throws Exception {
        return (X509CRL) factory.generateCRL(new ByteArrayInputStream(der));
    }

    private static String freshest(org.bouncycastle.asn1.ASN1Encodable value) {
        var point = CRLDistPoint.getInstance(value).getDistributionPoints()[0];
        return GeneralNames.getInstance(point.getDistributionPoint().getName()).getNames()[0].getName().toString();
    }

    private static BigInteger number(X509CRLHolder crl) {
        return ASN1Integer.getInstance(crl.getExtension(Extension.cRLNumber).getParsedValue()).getValue();
    }
}
