package dev.hallmark.signing;

import java.net.URI;

/**
 * Where relying parties find revocation and issuer certificates; written into every certificate
 * from {@code hallmark.public-base-url}.
 *
 * @param deltaCrl the issuing CA's delta CRL, named by the Freshest CRL extension (RFC 5280 4.2.1.15)
 * @param rootDeltaCrl the root's delta CRL
 */
public record PublicationUrls(String crl, String rootCrl, String ocsp, String issuerCertificate, String rootCertificate,
        String deltaCrl, String rootDeltaCrl) {

    public static PublicationUrls from(URI publicBaseUrl) {
        String base = publicBaseUrl.toString().replaceAll("/+$", "");
        return new PublicationUrls(base + "/crl", base + "/crl/root", base + "/ocsp", base + "/ca/issuer.crt",
                base + "/ca/root.crt", base + "/crl/delta", base + "/crl/root/delta");
    }

    /** The delta CRL of the CA {@code issuer}: what its certificates' and complete CRLs' Freshest CRL name. */
    public String deltaCrl(IssuerId issuer) {
        return issuer == IssuerId.ROOT ? rootDeltaCrl : deltaCrl;
    }
}
