package dev.hallmark.config;

import dev.hallmark.acme.AcmeSettings;
import dev.hallmark.acme.validation.NetworkValidationAuthority;
import dev.hallmark.acme.validation.ValidationSettings;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The ACME validation authority, configured by {@code hallmark.acme.validation.*} and {@code hallmark.acme.caa-identities}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AcmeValidationProperties.class)
public class AcmeValidationConfiguration {

    /** Read and checked at start-up, so that a wrong resolver fails the start rather than the first validation. */
    @Bean
    ValidationSettings validationSettings(AcmeValidationProperties properties, AcmeSettings acme) {
        // the same identities as the directory's meta.caaIdentities
        List<String> caaIdentities = acme.caaIdentities();
        List<InetSocketAddress> resolvers = properties.dnsResolvers().stream()
                .map(AcmeValidationConfiguration::resolver).toList();
        return new ValidationSettings(properties.httpPort(), properties.tlsAlpnPort(), resolvers, caaIdentities,
                properties.timeout());
    }

    /**
     * Made on the first ACME validation (ChallengeValidations asks an ObjectProvider): its DNS resolver
     * (dnsjava, about 180 classes) and TLS client are not needed to start.
     */
    @Bean
    @Lazy
    NetworkValidationAuthority validationAuthority(ValidationSettings settings, ApplicationEventPublisher events) {
        return new NetworkValidationAuthority(settings, events);
    }

    /** {@code host:port}, {@code [v6]:port} or a host alone (port 53), as an address without a lookup when it is a literal. */
    static InetSocketAddress resolver(String text) {
        String value = text.trim();
        String host = value;
        int port = 53;
        int colon = value.lastIndexOf(':');
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw invalid(text);
            }
            host = value.substring(1, close);
            if (close + 1 < value.length()) {
                if (value.charAt(close + 1) != ':') {
                    throw invalid(text);
                }
                port = port(value.substring(close + 2), text);
            }
        } else if (colon >= 0 && value.indexOf(':') == colon) {
            host = value.substring(0, colon);
            port = port(value.substring(colon + 1), text);
        }
        if (host.isEmpty()) {
            throw invalid(text);
        }
        // a name here is the operator's, looked up once by the system as any configured host name is
        return new InetSocketAddress(host, port);
    }

    private static int port(String text, String whole) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw invalid(whole);
            }
            return port;
        } catch (NumberFormatException e) {
            throw invalid(whole);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("hallmark.acme.validation.dns-resolvers: \"" + text
                + "\" is not host:port, [ipv6]:port or a host");
    }
}
