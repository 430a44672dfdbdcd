package dev.hallmark.support;

import dev.hallmark.acme.validation.AcmeIdentifier;
import dev.hallmark.acme.validation.ValidationAuthority;
import dev.hallmark.acme.validation.ValidationOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The validation authority of the shared test service: instead of reaching a client's server it looks at
 * what the test "published" for a challenge, as a client's HTTP server, DNS zone or TLS server would
 * (what acme4j computed: {@code Http01Challenge.getAuthorization()}, {@code Dns01Challenge.getDigest()},
 * {@code TlsAlpn01Challenge.getAcmeValidation()}) and compares it with the key authorization the server
 * computed. So the server's key authorization is checked against an independent client's. Nothing
 * published answers {@code connection}, something else {@code incorrectResponse}. The real validation
 * authority (package {@code acme.validation}) is tested against real servers in its own tests.
 */
public final class TestValidationAuthority implements ValidationAuthority {

    private final Map<String, String> published = new ConcurrentHashMap<>();
    private final Set<String> caaRefused = ConcurrentHashMap.newKeySet();

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        TestValidationAuthority testValidationAuthority() {
            return new TestValidationAuthority();
        }
    }

    /** What a client serves for the challenge: for http-01 the key authorization, for dns-01 and tls-alpn-01 the digest. */
    public void publish(String challengeType, String identifier, String token, String content) {
        published.put(key(challengeType, identifier, token), content);
    }

    public void publish(String challengeType, String identifier, String token, byte[] digest) {
        publish(challengeType, identifier, token, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    }

    /** CAA of the name names another CA. */
    public void refuseCaa(String identifier) {
        caaRefused.add(identifier);
    }

    @Override
    public ValidationOutcome validate(String challengeType, AcmeIdentifier identifier, String token,
            String keyAuthorization) {
        String seen = published.get(key(challengeType, identifier.value(), token));
        if (seen == null) {
            return ValidationOutcome.failure("connection", "nothing answered for " + identifier.value());
        }
        String expected = challengeType.equals("http-01") ? keyAuthorization : digest(keyAuthorization);
        return seen.equals(expected) ? ValidationOutcome.success()
                : ValidationOutcome.failure("incorrectResponse", "the " + challengeType + " response for "
                        + identifier.value() + " is not the key authorization");
    }

    @Override
    public ValidationOutcome checkCaa(AcmeIdentifier identifier, boolean wildcard) {
        return caaRefused.contains(identifier.value())
                ? ValidationOutcome.failure("caa", "CAA for " + identifier.value() + " names another CA")
                : ValidationOutcome.success();
    }

    private static String key(String type, String identifier, String token) {
        return type + "|" + identifier + "|" + token;
    }

    private static String digest(String keyAuthorization) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(keyAuthorization.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
