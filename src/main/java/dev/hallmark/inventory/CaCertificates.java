package dev.hallmark.inventory;

import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.stereotype.Service;

/** The CA certificates as published to relying parties (no keys: only what is public). */
@Service
public class CaCertificates {

    private final CertificateAuthorities authorities;

    public CaCertificates(CertificateAuthorities authorities) {
        this.authorities = authorities;
    }

    public String rootPem() {
        return Pem.certificates(List.of(authorities.certificate(IssuerId.ROOT)));
    }

    /** The issuing CA alone: what follows a leaf in a chain handed to its holder. */
    public String issuingPem() {
        return Pem.certificates(List.of(authorities.certificate(IssuerId.ISSUING)));
    }

    /** The issuing CA, then the root. */
    public String chainPem() {
        return Pem.certificates(authorities.chain());
    }

    public byte[] rootDer() {
        return der(IssuerId.ROOT);
    }

    public byte[] issuingDer() {
        return der(IssuerId.ISSUING);
    }

    private byte[] der(IssuerId id) {
        try {
            return authorities.certificate(id).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
