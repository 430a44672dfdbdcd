package dev.hallmark.config;

import dev.hallmark.acme.AcmeSettings;
import dev.hallmark.acme.SecretSeal;
import dev.hallmark.acme.validation.ValidationAuthority;
import dev.hallmark.profile.ProfileCatalog;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.SecretSealer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** ACME wiring: the server's settings, checked against the profiles at start-up. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AcmeServerProperties.class, AcmeValidationProperties.class})
public class AcmeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AcmeConfiguration.class);

    @Bean
    AcmeSettings acmeSettings(AcmeServerProperties acme, AcmeValidationProperties validation, HallmarkProperties hallmark,
            ProfileCatalog profiles) {
        for (String profile : acme.profiles()) {
            var found = profiles.find(profile).orElseThrow(() -> new IllegalStateException(
                    "hallmark.acme.profiles names '" + profile + "', which is not a profile"));
            if (found.restricted()) {
                throw new IllegalStateException("hallmark.acme.profiles names '" + profile + "', which is issued only"
                        + " through its own endpoint");
            }
        }
        List<String> caa = acme.caaIdentities() == null || acme.caaIdentities().isEmpty()
                ? List.of(hallmark.publicBaseUrl().getHost()) : acme.caaIdentities();
        return new AcmeSettings(acme.baseUrl(), acme.profiles(), acme.externalAccountRequired(), caa,
                validation.lease(), acme.finalizeLease());
    }

    /**
     * EAB keys are sealed under a key derived from the CA password, as the CA keys are protected by it. The CA key
     * store is a parameter so that the password exists (first start generates it) before it is read here.
     */
    @Bean
    SecretSeal acmeSecretSeal(HallmarkProperties properties, CaKeyStore caKeyStore) {
        SecretSealer sealer = SecretSealer.fromPassword(CaPassword.resolve(properties.ca().password(),
                properties.caDir().resolve("password"), false));
        return new SecretSeal() {
            @Override
            public String seal(byte[] secret, String context) {
                return sealer.seal(secret, context);
            }

            @Override
            public byte[] open(String sealed, String context) {
                return sealer.open(sealed, context);
            }
        };
    }

    /** One clear line when ACME is on but cannot work: it then answers every request 503. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> acmeValidationAuthorityCheck(AcmeServerProperties acme,
            ListableBeanFactory beans) {
        return event -> {
            // by name: the network validation authority is made on first use (AcmeValidationConfiguration)
            if (acme.enabled() && beans.getBeanNamesForType(ValidationAuthority.class, true, false).length == 0) {
                log.warn("ACME is enabled but this service has no validation authority: /acme/ answers 503"
                        + " serverInternal until one is present");
            }
        };
    }
}
