package dev.hallmark.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.audit.AuditLog;
import dev.hallmark.issuance.IssuanceGrant;
import dev.hallmark.issuance.IssuanceRefusedException;
import dev.hallmark.issuance.IssuanceRequest;
import dev.hallmark.issuance.IssuanceService;
import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.Violation;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The grant of a manufacturer's device certificate at a first EST enrollment: its own names and no others. */
class BootstrapCertificateAuthorizerTests extends ServiceTest {

    private static final Instant NOW = Instant.now();

    @Autowired
    AuditLog audit;

    @Autowired
    IssuanceService issuance;

    @Autowired
    CertificateRepository certificates;

    private final KeyPair caKeys = TestCsrs.ecKey("secp256r1");
    private final X509Certificate manufacturer = certificate("CN=Grant Manufacturing CA", caKeys,
            "CN=Grant Manufacturing CA", caKeys, true, null);

    private BootstrapCertificateAuthorizer authorizer() {
        return new BootstrapCertificateAuthorizer(new BootstrapCaTrust(List.of(manufacturer), Clock.systemUTC()), audit);
    }

    @Test
    void authorizeWhenDeviceOfTheBootstrapCaThenItsCommonNameAndSansAreTheBounds() throws Exception {
        X509Certificate device = certificate("CN=Grant Manufacturing CA", caKeys, "CN=SN-7001",
                TestCsrs.ecKey("secp256r1"), false, new GeneralNames(new GeneralName(GeneralName.dNSName,
                        "sn-7001.devices.example")));
        IssuanceGrant grant = authorizer().authorize(new X509Certificate[] {device, manufacturer}, "device",
                "192.0.2.9");
        assertThat(grant.profile()).isEqualTo("device");
        assertThat(grant.names().commonName()).isEqualTo("SN-7001");
        assertThat(grant.names().sanPatterns()).containsExactly("sn-7001.devices.example");
        assertThat(grant.actor().name()).isEqualTo("bootstrap:CN=SN-7001");
        assertThat(grant.authorization()).isNull();

        byte[] other = TestCsrs.csr().subject("CN=SN-7002").build().getEncoded();
        assertThatThrownBy(() -> issuance.issue(new IssuanceRequest(other, null, grant)))
                .isInstanceOfSatisfying(PolicyViolationException.class,
                        e -> assertThat(e.violation()).isEqualTo(Violation.OUT_OF_BOUNDS));
        byte[] own = TestCsrs.csr().subject("CN=SN-7001").dns("sn-7001.devices.example").build().getEncoded();
        String serial = issuance.issue(new IssuanceRequest(own, null, grant)).serial();
        assertThat(certificates.findBySerial(serial).orElseThrow().requester()).isEqualTo("bootstrap:CN=SN-7001");
    }

    @Test
    void authorizeWhenAnotherCaOrNoCommonNameThenRefused() throws Exception {
        KeyPair otherKeys = TestCsrs.ecKey("secp256r1");
        X509Certificate foreign = certificate("CN=Grant Manufacturing CA", otherKeys, "CN=SN-7003",
                TestCsrs.ecKey("secp256r1"), false, null);
        assertThatThrownBy(() -> authorizer().authorize(new X509Certificate[] {foreign}, "device", null))
                .isInstanceOfSatisfying(IssuanceRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(IssuanceRefusedException.Reason.UNAUTHENTICATED))
                .hasMessageStartingWith("the client certificate does not chain to a configured bootstrap CA");
        X509Certificate nameless = certificate("CN=Grant Manufacturing CA", caKeys, "O=Grant", TestCsrs.ecKey(
                "secp256r1"), false, null);
        assertThatThrownBy(() -> authorizer().authorize(new X509Certificate[] {nameless}, "device", null))
                .isInstanceOfSatisfying(IssuanceRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(IssuanceRefusedException.Reason.FORBIDDEN))
                .hasMessage("the bootstrap certificate has no common name to bind the new certificate to");
    }

    private static X509Certificate certificate(String issuer, KeyPair issuerKeys, String subject, KeyPair subjectKeys,
            boolean ca, GeneralNames sans) {
        try {
            var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(System.nanoTime()),
                    Date.from(NOW.minus(1, ChronoUnit.DAYS)), Date.from(NOW.plus(365, ChronoUnit.DAYS)),
                    new X500Name(subject), subjectKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
