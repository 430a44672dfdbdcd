package dev.hallmark.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;

/**
 * Signs a statement of the service's own (an audit checkpoint) as CMS SignedData (RFC 5652) with the
 * issuing CA key, wherever its key source keeps it: the content is encapsulated, the signed attributes
 * carry the signing time given (not the builder's "now"), and the issuing CA and root certificates
 * travel with it, so that {@code openssl cms -verify -CAfile root-ca.pem} checks it alone. The content
 * is never DER (audit checkpoints are JSON), so no signature here can pass for a certificate's or a CRL's.
 */
public final class CmsSigner {

    private final CertificateAuthorities authorities;

    public CmsSigner(CertificateAuthorities authorities) {
        this.authorities = authorities;
    }

    /** The SignedData, DER, over {@code content} signed at {@code signingTime}. */
    public byte[] sign(byte[] content, Instant signingTime) {
        Issuer issuing = authorities.issuer(IssuerId.ISSUING);
        AttributeTable signed = new AttributeTable(new Attribute(CMSAttributes.signingTime,
                new DERSet(new Time(Date.from(signingTime)))));
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.setDefiniteLengthEncoding(true);
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                    .build()).setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signed))
                    .build(issuing.signer(), issuing.certificate()));
            generator.addCertificates(new CollectionStore<>(authorities.chain()));
            return generator.generate(new CMSProcessableByteArray(content), true).getEncoded(ASN1Encoding.DER);
        } catch (OperatorCreationException | CMSException e) {
            throw new IllegalStateException("cannot sign with the issuing CA", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
