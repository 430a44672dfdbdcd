package dev.hallmark.issuance;

import dev.hallmark.policy.PolicyViolationException;
import dev.hallmark.policy.Violation;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.GeneratedCredential;
import dev.hallmark.signing.KeyAlgorithm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.springframework.stereotype.Service;

/**
 * Issues to a person who has no key yet (RFC 7292): the service generates an EC P-256 key, makes the CSR itself
 * with exactly the names given, issues it through {@link IssuanceService} like any other request (policy, lints,
 * record, audit) and answers the key once, in a PKCS#12 with a random password. The key is neither stored nor
 * logged; who has the PKCS#12 and its password has the key.
 */
@Service
public class GeneratedKeyIssuance {

    private final IssuanceService issuance;
    private final CertificateAuthorities authorities;
    private final SecureRandom random = new SecureRandom();

    GeneratedKeyIssuance(IssuanceService issuance, CertificateAuthorities authorities) {
        this.issuance = issuance;
        this.authorities = authorities;
    }

    /**
     * @param grant what the asking administrator's credential allows, from its authorizer
     * @param commonName the person's name, as the certificate's only subject attribute
     * @param emails e-mail addresses for the subjectAltName; may be empty
     */
    public GeneratedKeyCertificate issue(IssuanceGrant grant, String commonName, List<String> emails,
            Integer validityDays) {
        if (commonName == null || commonName.isBlank()) {
            throw new PolicyViolationException(Violation.MISSING_NAME, "a common name is required");
        }
        GeneratedCredential key = GeneratedCredential.generate(KeyAlgorithm.EC_P256);
        GeneralName[] names = emails.stream().map(e -> new GeneralName(GeneralName.rfc822Name, e.strip()))
                .toArray(GeneralName[]::new);
        byte[] csr = key.csr(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName.strip()).build(),
                names.length == 0 ? null : new GeneralNames(names));
        IssuedCertificate issued = issuance.issue(new IssuanceRequest(csr, validityDays, grant));
        List<X509CertificateHolder> chain = new ArrayList<>();
        try {
            chain.add(new X509CertificateHolder(issued.der()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chain.addAll(authorities.chain());
        String password = password();
        return new GeneratedKeyCertificate(issued, key.pkcs12(commonName.strip(), chain, password.toCharArray()),
                password);
    }

    private String password() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return new String(Base64.getUrlEncoder().withoutPadding().encode(bytes), StandardCharsets.US_ASCII);
    }
}
