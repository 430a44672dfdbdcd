package dev.hallmark.config;

import dev.hallmark.issuance.ServiceProfile;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * CRL and OCSP settings ({@code hallmark.revocation.*}, or {@code HALLMARK_REVOCATION_CRL_NEXT_UPDATE}
 * and so on as environment variables).
 */
@Validated
@ConfigurationProperties("hallmark.revocation")
public record RevocationProperties(@DefaultValue @Valid Crl crl, @DefaultValue @Valid Ocsp ocsp) {

    /**
     * @param nextUpdate nextUpdate minus thisUpdate of each CRL
     * @param regenerateInterval a CRL is re-signed when it is this old; keep it well below nextUpdate
     * @param debounce after a revocation, the background regeneration waits this long for more
     * @param pageSize revoked rows read per database query while generating a CRL
     * @param deltaOnlyFrom from this many entries on, the complete CRL is re-signed on its schedule only and
     *        revocations reach relying parties through the delta CRL at once
     */
    public record Crl(
            @DefaultValue("24h") @NotNull Duration nextUpdate,
            @DefaultValue("1h") @NotNull Duration regenerateInterval,
            @DefaultValue("200ms") @NotNull Duration debounce,
            @DefaultValue("20000") @Min(100) @Max(100_000) int pageSize,
            @DefaultValue("10000") @Min(0) long deltaOnlyFrom) {

        public Crl {
            if (nextUpdate != null && regenerateInterval != null && regenerateInterval.compareTo(nextUpdate) >= 0) {
                throw new IllegalArgumentException("hallmark.revocation.crl.regenerate-interval (" + regenerateInterval
                        + ") must be shorter than next-update (" + nextUpdate + ")");
            }
        }
    }

    /**
     * @param responseValidity nextUpdate minus thisUpdate of each OCSP answer
     * @param refreshAfter a cached, pre-signed answer is re-signed when it is this old
     * @param maxRequestEntries more CertIDs in one request are refused as malformedRequest
     * @param cacheSize serials that keep a pre-signed answer
     * @param responderValidity validity of the responder certificate the issuing CA issues to the service, at
     *        most 90 days ({@link ServiceProfile#OCSP_RESPONDER})
     * @param responderRenewBefore the responder certificate is renewed this long before it expires
     */
    public record Ocsp(
            @DefaultValue("1h") @NotNull Duration responseValidity,
            @DefaultValue("15m") @NotNull Duration refreshAfter,
            @DefaultValue("64") @Min(1) @Max(1000) int maxRequestEntries,
            @DefaultValue("100000") @Min(100) int cacheSize,
            @DefaultValue("30d") @NotNull Duration responderValidity,
            @DefaultValue("10d") @NotNull Duration responderRenewBefore) {

        public Ocsp {
            if (responseValidity != null && refreshAfter != null && refreshAfter.compareTo(responseValidity) >= 0) {
                throw new IllegalArgumentException("hallmark.revocation.ocsp.refresh-after must be shorter than "
                        + "response-validity");
            }
            if (responderValidity != null
                    && responderValidity.compareTo(ServiceProfile.OCSP_RESPONDER.maxValidity()) > 0) {
                throw new IllegalArgumentException("hallmark.revocation.ocsp.responder-validity (" + responderValidity
                        + ") exceeds the responder certificate's hard limit of "
                        + ServiceProfile.OCSP_RESPONDER.maxValidity().toDays() + " days: nothing can revoke it");
            }
            if (responderValidity != null && responderRenewBefore != null
                    && responderRenewBefore.compareTo(responderValidity) >= 0) {
                throw new IllegalArgumentException("hallmark.revocation.ocsp.responder-renew-before must be shorter "
                        + "than responder-validity");
            }
        }
    }
}
