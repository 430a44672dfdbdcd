package dev.hallmark.signing;

import java.net.URI;

/**
 * Where relying parties find revocation and issuer certificates; written into every certificate
 * from {@code hallmark.public-base-url}.
 */
public record PublicationUrls(String crl, String rootCrl, String ocsp, String issuerCertificate, String rootCertificate) {

    public static PublicationUrls from(URI publicBaseUrl) {
        String base = publicBaseUrl.toString().replaceAll("/+$", "");
        return new PublicationUrls(base + "/crl", base + "/crl/root", base + "/ocsp", base + "/ca/issuer.crt",
                base + "/ca/root.crt");
    }
}
