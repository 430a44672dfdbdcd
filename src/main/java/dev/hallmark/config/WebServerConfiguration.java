package dev.hallmark.config;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A second, plain-HTTP connector on {@code hallmark.http.port} for what must not need TLS: CA
 * certificates, CRLs and OCSP (a relying party checking revocation cannot depend on TLS to this CA).
 */
@Configuration(proxyBeanMethods = false)
public class WebServerConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainHttpConnector(HallmarkProperties properties,
            TomcatServerProperties tomcat) {
        return factory -> {
            Connector http = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            http.setPort(properties.http().port());
            // server.tomcat.threads.* reach only the HTTPS connector; this one has as many
            http.setProperty("maxThreads", String.valueOf(tomcat.getThreads().getMax()));
            http.setProperty("minSpareThreads", String.valueOf(tomcat.getThreads().getMinSpare()));
            http.setProperty("maxSwallowSize", String.valueOf(2 * 1024 * 1024));
            // server.tomcat.* reaches only the HTTPS connector; like it, keep OCSP and CRL clients'
            // connections open instead of closing them after Tomcat's default of 100 requests
            http.setProperty("maxKeepAliveRequests", "-1");
            factory.addAdditionalConnectors(http);
            // OCSP GET puts base64 in the path, where "/" may come as %2F (RFC 6960 appendix A);
            // Tomcat's default answers 400 before any filter. The OCSP endpoint filter reads the
            // raw URI; everywhere else Spring Security's firewall still rejects encoded slashes.
            http.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            factory.addConnectorCustomizers(
                    https -> https.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
        };
    }

    /** The plain-HTTP connector's actual port (useful when configured as 0). */
    @Bean
    PlainHttpPort plainHttpPort() {
        return new PlainHttpPort();
    }

    public static final class PlainHttpPort implements ApplicationListener<ServletWebServerInitializedEvent> {

        private volatile int port = -1;

        public int port() {
            return port;
        }

        @Override
        public void onApplicationEvent(ServletWebServerInitializedEvent event) {
            if (event.getWebServer() instanceof TomcatWebServer tomcat) {
                for (Connector c : tomcat.getTomcat().getService().findConnectors()) {
                    if (!c.getSecure() && !"https".equals(c.getScheme())) {
                        port = c.getLocalPort();
                    }
                }
            }
        }
    }
}
