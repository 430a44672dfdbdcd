package dev.hallmark.config;

import dev.hallmark.bootstrap.ServiceBootstrap;
import dev.hallmark.enrollment.BootstrapCaTrust;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The HTTPS connector's SSL bundle ({@code server.ssl.bundle=hallmark}): the service's own key and
 * certificate from the bootstrap, client certificates trusted when they chain to this CA or to a
 * configured EST bootstrap CA (which EST alone accepts, and only for a first enrollment). TLS 1.3
 * preferred, 1.2 the minimum. The service's certificate is renewed while it runs, without a restart.
 */
@Configuration(proxyBeanMethods = false)
public class TlsConfiguration {

    public static final String BUNDLE = "hallmark";
    private static final Logger log = LoggerFactory.getLogger(TlsConfiguration.class);

    private final ServiceBootstrap bootstrap;
    private final BootstrapCaTrust bootstrapCas;
    // looked up when needed: the registry itself is built from this configuration's registrar
    private final ObjectProvider<SslBundleRegistry> registry;

    public TlsConfiguration(ServiceBootstrap bootstrap, BootstrapCaTrust bootstrapCas,
            ObjectProvider<SslBundleRegistry> registry) {
        this.bootstrap = bootstrap;
        this.bootstrapCas = bootstrapCas;
        this.registry = registry;
    }

    @Bean
    SslBundleRegistrar hallmarkSslBundle() {
        return registry -> registry.registerBundle(BUNDLE, bundle());
    }

    /** Daily: when the service's TLS certificate nears its end, issue a new one and hand it to Tomcat. */
    @Scheduled(initialDelayString = "PT1H", fixedDelayString = "PT24H")
    void renewTlsCertificate() {
        if (bootstrap.ensureTlsCertificate()) {
            registry.getObject().updateBundle(BUNDLE, bundle());
            log.info("The service's TLS certificate was renewed and reloaded");
        }
    }

    private SslBundle bundle() {
        char[] password = randomPassword();
        SslStoreBundle stores = SslStoreBundle.of(bootstrap.tlsKeyStore(password), new String(password),
                bootstrap.clientTrustStore(bootstrapCas.anchorHolders()));
        return SslBundle.of(stores, SslBundleKey.of(new String(password), "tls"),
                SslOptions.of(null, new String[] {"TLSv1.3", "TLSv1.2"}));
    }

    private static char[] randomPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random).toCharArray();
    }
}
