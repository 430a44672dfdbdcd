package dev.hallmark.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hallmark.support.TestCsrs;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

/** The names of an ACME finalize CSR, read as policy reads them: what policy refuses is a badCSR, never a 500. */
class CsrNamesTests {

    @Test
    void readWhenDnsAndIpSansThenIdentifiers() throws Exception {
        CsrNames names = CsrNames.read(TestCsrs.csr().subject("CN=Web.Example").dns("web.example").ip("10.0.0.1")
                .build().getEncoded());
        assertThat(names.sans()).containsExactly("dns:web.example", "ip:10.0.0.1");
        assertThat(names.commonName()).isEqualTo("dns:web.example");
    }

    @Test
    void readWhenSubjectAltNameIsAUtf8StringThenBadCsrNamingIt() throws Exception {
        byte[] csr = TestCsrs.csr().rawExtension(Extension.subjectAlternativeName, false, new byte[] {0x0c, 0x01, 'x'})
                .build().getEncoded();
        assertBadCsr(csr, "the CSR asks for subjectAltName with a value that is not one (empty or of another ASN.1 type)");
    }

    @Test
    void readWhenCommonNameIsNotUtf8ThenBadCsr() throws Exception {
        byte[] csr = TestCsrs.csr().subject(new X500Name(new RDN[] {new RDN(BCStyle.CN,
                ASN1Primitive.fromByteArray(new byte[] {0x0c, 0x02, (byte) 0xc3, 0x28}))})).dns("web.example")
                .build().getEncoded();
        assertBadCsr(csr, "subject attribute CN is not valid UTF-8");
    }

    private static void assertBadCsr(byte[] csr, String detail) {
        assertThatThrownBy(() -> CsrNames.read(csr)).isInstanceOfSatisfying(AcmeException.class,
                e -> assertThat(e.problem()).isEqualTo(AcmeProblem.badCSR)).hasMessage(detail);
    }
}
