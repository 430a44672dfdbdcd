package dev.hallmark.config;

import dev.hallmark.signing.KeyAlgorithm;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Hallmark's settings ({@code hallmark.*}); every one can also be set as an environment variable
 * ({@code HALLMARK_DATA_DIR}, {@code HALLMARK_CA_PASSWORD}, ...).
 */
@Validated
@ConfigurationProperties("hallmark")
public record HallmarkProperties(
        @DefaultValue("./data") @NotNull Path dataDir,
        @DefaultValue("http://localhost:8080") @NotNull URI publicBaseUrl,
        @DefaultValue({"localhost", "127.0.0.1", "::1"}) @NotEmpty List<String> hostnames,
        @DefaultValue @Valid Http http,
        @DefaultValue @Valid Ca ca,
        @DefaultValue @Valid Api api,
        Map<String, @Valid ProfileProperties> profiles) {

    public HallmarkProperties {
        profiles = profiles == null ? Map.of() : Map.copyOf(profiles);
    }

    /** The plain HTTP listener for CA certificates, CRLs and OCSP. */
    public record Http(@DefaultValue("8080") @Min(0) @Max(65535) int port) {
    }

    /**
     * @param password protects CA keys at rest (HALLMARK_CA_PASSWORD); generated into the data directory when unset.
     *     With a PKCS#11 key store it still protects the service's own keys (TLS, OCSP responder)
     * @param kdfIterations PBKDF2-HMAC-SHA256 iterations for new key files
     * @param keyStore where the root and issuing CA keys live
     */
    public record Ca(
            @DefaultValue("EC_P256") @NotNull KeyAlgorithm keyAlgorithm,
            @DefaultValue("CN=Hallmark Root CA,O=Hallmark") @NotNull String rootSubject,
            @DefaultValue("CN=Hallmark Issuing CA,O=Hallmark") @NotNull String issuingSubject,
            @DefaultValue("7305d") @NotNull Duration rootValidity,
            @DefaultValue("3652d") @NotNull Duration issuingValidity,
            String password,
            @DefaultValue("310000") @Min(10000) int kdfIterations,
            @DefaultValue("software") @NotNull KeyStoreKind keyStore,
            @DefaultValue @Valid Pkcs11 pkcs11) {

        @Override
        public String toString() {
            return "Ca[keyAlgorithm=" + keyAlgorithm + ", rootSubject=" + rootSubject + ", issuingSubject="
                    + issuingSubject + ", password=****, keyStore=" + keyStore + ", pkcs11=" + pkcs11 + "]";
        }
    }

    /** {@code software}: encrypted PKCS#8 files in {@code <data-dir>/ca}; {@code pkcs11}: a token (an HSM). */
    public enum KeyStoreKind {
        SOFTWARE,
        PKCS11
    }

    /**
     * The token holding the CA keys when {@code hallmark.ca.key-store=pkcs11}.
     *
     * @param library the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so
     * @param tokenLabel the label of the token (the slot is found by it)
     * @param pin the user PIN (HALLMARK_PKCS11_PIN)
     * @param rootKeyLabel label of the root CA's key and certificate; an existing CA in the token is taken over by it
     * @param issuingKeyLabel label of the issuing CA's key and certificate
     */
    public record Pkcs11(Path library, String tokenLabel, String pin,
            @DefaultValue("hallmark-root") @NotEmpty String rootKeyLabel,
            @DefaultValue("hallmark-issuing") @NotEmpty String issuingKeyLabel) {

        @Override
        public String toString() {
            return "Pkcs11[library=" + library + ", tokenLabel=" + tokenLabel + ", pin=****, rootKeyLabel="
                    + rootKeyLabel + ", issuingKeyLabel=" + issuingKeyLabel + "]";
        }
    }

    /** @param maxBodySize requests with a larger body are refused with 413 */
    public record Api(@DefaultValue("64KB") @NotNull DataSize maxBodySize,
            @DefaultValue("1000") @Min(1) @Max(10000) int maxPageSize) {
    }

    /** A configured profile; fields left out keep the built-in profile's value of the same name. */
    public record ProfileProperties(String description, List<String> keyUsage, List<String> extendedKeyUsage,
            List<String> sanTypes, Boolean requireHostName, Boolean requireCommonName, Boolean allowWildcards,
            List<String> namePatterns, List<String> subjectAttributes, Duration maxValidity, Duration defaultValidity) {
    }

    public Path caDir() {
        return dataDir.resolve("ca");
    }

    public Path bootstrapDir() {
        return dataDir.resolve("bootstrap");
    }
}
