package dev.hallmark.acme.validation;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The validation authority: proves control of an identifier over the network (http-01, dns-01,
 * tls-alpn-01) and checks CAA, looking up every name through the configured resolvers and never
 * trusting what the ACME client claims. Each call has {@link ValidationSettings#timeout()} in all;
 * every failure is an ACME error type with a detail that says what was seen (docs/acme.md lists
 * them). Blocking: the ACME server runs it on its own bounded pool.
 */
public final class NetworkValidationAuthority implements ValidationAuthority {

    private static final Logger log = LoggerFactory.getLogger(NetworkValidationAuthority.class);

    /** RFC 8555 §8.1: a token is base64url; anything else could leave the challenge path. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private final ValidationSettings settings;
    private final ApplicationEventPublisher events;
    private final Http01Validator http01;
    private final TlsAlpn01Validator tlsAlpn01;
    private final Dns01Validator dns01;
    private final CaaChecker caa;

    public NetworkValidationAuthority(ValidationSettings settings, ApplicationEventPublisher events) {
        this.settings = settings;
        this.events = events;
        // one query may take half the validation, so that a slow first resolver leaves time for the next
        DnsLookup dns = new DnsLookup(settings.resolvers(), settings.timeout().dividedBy(2));
        Connector connector = new Connector(dns);
        SSLSocketFactory tls = InsecureTls.socketFactory();
        this.http01 = new Http01Validator(settings, connector, tls);
        this.tlsAlpn01 = new TlsAlpn01Validator(settings, connector, tls);
        this.dns01 = new Dns01Validator(dns);
        this.caa = new CaaChecker(dns, settings.caaIdentities());
    }

    public ValidationSettings settings() {
        return settings;
    }

    @Override
    public ValidationOutcome validate(String challengeType, AcmeIdentifier identifier, String token,
            String keyAuthorization) {
        ValidationFinished.Kind kind = switch (challengeType) {
            case "http-01" -> ValidationFinished.Kind.HTTP_01;
            case "dns-01" -> ValidationFinished.Kind.DNS_01;
            case "tls-alpn-01" -> ValidationFinished.Kind.TLS_ALPN_01;
            default -> throw new IllegalArgumentException("unknown challenge type " + challengeType);
        };
        if (!TOKEN.matcher(token).matches() || !keyAuthorization.startsWith(token + ".")) {
            throw new IllegalArgumentException("a challenge token is base64url and begins its key authorization");
        }
        Deadline deadline = Deadline.after(settings.timeout());
        return finish(kind, identifier, () -> {
            switch (kind) {
                case HTTP_01 -> http01.validate(identifier, token, keyAuthorization, deadline);
                case DNS_01 -> dns01.validate(identifier, keyAuthorization, deadline);
                case TLS_ALPN_01 -> tlsAlpn01.validate(identifier, keyAuthorization, deadline);
                default -> throw new IllegalStateException(kind.name());
            }
        });
    }

    @Override
    public ValidationOutcome checkCaa(AcmeIdentifier identifier, boolean wildcard) {
        Deadline deadline = Deadline.after(settings.timeout());
        return finish(ValidationFinished.Kind.CAA, identifier, () -> caa.check(identifier, wildcard, deadline));
    }

    private interface Check {
        void run() throws ValidationException;
    }

    private ValidationOutcome finish(ValidationFinished.Kind kind, AcmeIdentifier identifier, Check check) {
        long start = System.nanoTime();
        ValidationOutcome outcome;
        ValidationError error = null;
        try {
            check.run();
            outcome = ValidationOutcome.success();
        } catch (ValidationException e) {
            error = e.error();
            outcome = ValidationOutcome.failure(error.name(), e.getMessage());
        }
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        if (outcome.valid()) {
            log.info("ACME {} for {}:{} passed in {} ms", kind.label(), identifier.type(), identifier.value(), millis);
        } else {
            log.info("ACME {} for {}:{} failed in {} ms: {} {}", kind.label(), identifier.type(),
                    identifier.value().toLowerCase(Locale.ROOT), millis, outcome.errorType(), outcome.detail());
        }
        events.publishEvent(new ValidationFinished(kind, error));
        return outcome;
    }
}
