package dev.hallmark.config;

import dev.hallmark.bootstrap.ServiceBootstrap;
import dev.hallmark.enrollment.BootstrapCaTrust;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTPS connector's SSL bundle ({@code server.ssl.bundle=hallmark}): the service's own key and
 * certificate from the bootstrap, client certificates trusted when they chain to this CA or to a
 * configured EST bootstrap CA (which EST alone accepts, and only for a first enrollment). TLS 1.3
 * preferred, 1.2 the minimum.
 */
@Configuration(proxyBeanMethods = false)
public class TlsConfiguration {

    public static final String BUNDLE = "hallmark";

    @Bean
    SslBundleRegistrar hallmarkSslBundle(ServiceBootstrap bootstrap, BootstrapCaTrust bootstrapCas) {
        return registry -> {
            char[] password = randomPassword();
            SslStoreBundle stores = SslStoreBundle.of(bootstrap.tlsKeyStore(password), new String(password),
                    bootstrap.clientTrustStore(bootstrapCas.anchorHolders()));
            registry.registerBundle(BUNDLE, SslBundle.of(stores, SslBundleKey.of(new String(password), "tls"),
                    SslOptions.of(null, new String[] {"TLSv1.3", "TLSv1.2"})));
        };
    }

    private static char[] randomPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random).toCharArray();
    }
}
