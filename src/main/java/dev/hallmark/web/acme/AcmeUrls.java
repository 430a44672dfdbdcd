package dev.hallmark.web.acme;

import dev.hallmark.acme.AcmeSettings;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The ACME resources' paths and their absolute URLs: from {@code hallmark.acme.base-url}, or from the
 * request's own scheme, host and port. A JWS's {@code url} must equal the URL computed here for the
 * request it arrived on (RFC 8555 section 6.4).
 */
final class AcmeUrls {

    static final String PREFIX = "/acme";
    static final String DIRECTORY = "/directory";
    static final String NEW_NONCE = "/new-nonce";
    static final String NEW_ACCOUNT = "/new-account";
    static final String NEW_ORDER = "/new-order";
    static final String REVOKE_CERT = "/revoke-cert";
    static final String KEY_CHANGE = "/key-change";
    static final String RENEWAL_INFO = "/renewal-info";
    static final String ACCOUNT = "/account/";
    static final String ORDER = "/order/";
    static final String AUTHORIZATION = "/authz/";
    static final String CHALLENGE = "/chall/";
    static final String CERTIFICATE = "/cert/";

    private final String base;

    private AcmeUrls(String base) {
        this.base = base;
    }

    static AcmeUrls of(HttpServletRequest request, AcmeSettings settings) {
        if (settings.baseUrl() != null) {
            String configured = settings.baseUrl().toString();
            return new AcmeUrls(configured.endsWith("/") ? configured.substring(0, configured.length() - 1)
                    : configured);
        }
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = ("https".equals(request.getScheme()) && port == 443)
                || ("http".equals(request.getScheme()) && port == 80);
        return new AcmeUrls(request.getScheme() + "://" + host + (defaultPort ? "" : ":" + port));
    }

    /** The URL the request was sent to, as a JWS must name it: no query, which no ACME resource takes. */
    String requestUrl(HttpServletRequest request) {
        return base + request.getRequestURI();
    }

    String of(String path) {
        return base + PREFIX + path;
    }

    String account(String id) {
        return of(ACCOUNT + id);
    }

    /** The account id of a {@code kid}, or null when it is not one of this server's account URLs. */
    String accountId(String kid) {
        String prefix = of(ACCOUNT);
        if (!kid.startsWith(prefix)) {
            return null;
        }
        String id = kid.substring(prefix.length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }

    String order(String id) {
        return of(ORDER + id);
    }

    String authorization(String id) {
        return of(AUTHORIZATION + id);
    }

    String challenge(String id) {
        return of(CHALLENGE + id);
    }

    String certificate(String serial) {
        return of(CERTIFICATE + serial);
    }
}
