package dev.hallmark.security;

import dev.hallmark.acme.AcmeNonces;
import dev.hallmark.audit.AuditLog;
import dev.hallmark.config.WebServerConfiguration.PlainHttpPort;
import dev.hallmark.web.ErrorForm;
import dev.hallmark.web.ErrorFormFilter;
import dev.hallmark.web.acme.AcmeResponses;
import dev.hallmark.web.est.EstErrors;
import dev.hallmark.web.problem.ProblemResponses;
import dev.hallmark.web.ui.ConsoleErrors;
import dev.hallmark.web.problem.ProblemType;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;

/**
 * Who may call what: one filter chain per surface. Each chain matches its surface's paths
 * ({@code securityMatcher}), takes the credentials that surface accepts, applies its rules and answers refusals in
 * its surface's form. Chains are tried in {@code @Order}; the first that matches a request is the only one applied,
 * and the last matches every request and refuses it.
 *
 * <ol>
 * <li>{@link #errorDispatch}: the container's forward to {@code /error}, which renders a failure of a request that
 * its own chain already let through or refused;
 * <li>{@link #relyingParty}: CA certificates, CRLs and OCSP on both ports, to anyone, without looking at any
 * credential;
 * <li>{@link #plainHttp}: nothing else on the plain-HTTP port (404), so no chain below needs to think of it;
 * <li>{@link #api}: the REST API, for a client certificate of this CA with a role, or an enrollment token;
 * <li>{@link #est}: EST, which decides in its own protocol who may enroll;
 * <li>{@link #acme}: ACME, whose every request is a JWS that its front end verifies (RFC 8555 section 6.2);
 * <li>{@link #console}: the administrators' web console, for administrators' client certificates, with CSRF tokens
 * and the browser's security headers;
 * <li>{@link #documentation}: the API description, Swagger UI and health, to anyone;
 * <li>{@link #actuator}: the other actuator endpoints, for administrators' certificates: only the metrics
 * ({@code /actuator/prometheus}) are open, to any administrator role;
 * <li>{@link #refused}: everything else, 404.
 * </ol>
 *
 * A new front end (SCEP at {@code /scep/**}) is one more
 * bean like {@link #est}: {@code stateless(http).securityMatcher("/acme/**")}, the credentials it takes (if any:
 * {@link #credentials}), its rules and, when it does not answer errors as RFC 9457 problems, its
 * {@link ErrorForm}; with an {@code @Order} after {@link #PLAIN_HTTP} and before {@link #REFUSED}. Until it has
 * one, its paths are refused by the last chain.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final int ERROR_DISPATCH = 0;
    static final int RELYING_PARTY = 10;
    static final int PLAIN_HTTP = 20;
    static final int API = 30;
    static final int EST = 40;
    static final int ACME = 45;
    static final int CONSOLE = 47;
    static final int DOCUMENTATION = 50;
    static final int ACTUATOR = 60;
    static final int REFUSED = Ordered.LOWEST_PRECEDENCE;

    private static final String[] ADMINISTRATORS = {"ADMIN", "OPERATOR", "AUDITOR"};

    private final ClientCertificateAuthenticationProvider clientCertificates;
    private final RoleRefusals refusals;

    public SecurityConfiguration(ClientCertificateAuthenticator authenticator, AuditLog audit) {
        this.clientCertificates = new ClientCertificateAuthenticationProvider(authenticator);
        this.refusals = new RoleRefusals(audit);
    }

    @Bean
    @Order(ERROR_DISPATCH)
    SecurityFilterChain errorDispatch(HttpSecurity http) throws Exception {
        return stateless(http).securityMatcher(request -> request.getDispatcherType() == DispatcherType.ERROR)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    /** OCSP is answered by a servlet filter before any chain; its paths are here so that this chain is complete. */
    @Bean
    @Order(RELYING_PARTY)
    SecurityFilterChain relyingParty(HttpSecurity http) throws Exception {
        return stateless(http).securityMatcher("/ca/**", "/crl", "/crl.pem", "/crl/**", "/ocsp", "/ocsp/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    /**
     * A request on the plain-HTTP connector, or not over TLS at all. The port decides as well as
     * {@code isSecure()}: behind forwarded headers ({@code X-Forwarded-Proto: https}) a plain-HTTP request can
     * claim to be secure.
     */
    @Bean
    @Order(PLAIN_HTTP)
    SecurityFilterChain plainHttp(HttpSecurity http, PlainHttpPort port) throws Exception {
        NotFound notFound = new NotFound(request -> "only CA certificates, CRLs and OCSP are served over plain HTTP; "
                + "use HTTPS");
        return stateless(http)
                .securityMatcher(request -> request.getLocalPort() == port.port() || !request.isSecure())
                .authorizeHttpRequests(a -> a.anyRequest().denyAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(notFound).accessDeniedHandler(notFound))
                .build();
    }

    /** Client certificate first; a bearer token when no certificate of this CA is presented. */
    @Bean
    @Order(API)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return stateless(http).securityMatcher("/api/**")
                .addFilterBefore(credentials(List.of(new ClientCertificateAuthenticationConverter(),
                        new BearerTokenAuthenticationConverter()), clientCertificates,
                        new BearerTokenAuthenticationProvider()), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated()).accessDeniedHandler(forbidden()))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/v1/certificates")
                                .hasAnyRole("ADMIN", "OPERATOR", HallmarkAuthentication.ENROLLEE)
                        .requestMatchers(HttpMethod.POST, "/api/v1/certificates/renew")
                                .hasRole(HallmarkAuthentication.CERTIFICATE)
                        .requestMatchers(HttpMethod.POST, "/api/v1/certificates/*/revoke").hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/certificates", "/api/v1/certificates/**")
                                .hasAnyRole(ADMINISTRATORS)
                        .requestMatchers(HttpMethod.GET, "/api/v1/admins").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers("/api/v1/admins", "/api/v1/admins/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/enrollment-tokens", "/api/v1/enrollment-tokens/**")
                                .hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/audit-events").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/audit-checkpoints").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/audit-checkpoints").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/profiles").hasAnyRole(ADMINISTRATORS)
                        .requestMatchers(HttpMethod.POST, "/api/v1/acme/eab-keys", "/api/v1/acme/eab-keys/*/revoke")
                                .hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/acme/accounts/*/deactivate").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/acme/accounts", "/api/v1/acme/eab-keys")
                                .hasAnyRole(ADMINISTRATORS)
                        .anyRequest().denyAll())
                .build();
    }

    /**
     * Open to every request: EST's controller decides from the HTTP Basic token, the operator's or the bootstrap
     * CA's certificate, and the current certificate for a re-enrollment, and answers in EST's form. A client
     * certificate this CA refuses goes on anonymous (a manufacturer's certificate is one), with the reason kept for
     * EST's answer. A bearer token is not an EST credential.
     */
    @Bean
    @Order(EST)
    SecurityFilterChain est(HttpSecurity http) throws Exception {
        return stateless(http).securityMatcher("/.well-known/est/**")
                .addFilterBefore(new ErrorFormFilter(EstErrors.FORM), DisableEncodeUrlFilter.class)
                .addFilterBefore(credentials(List.of(new ClientCertificateAuthenticationConverter()), clientCertificates),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    /**
     * Open to every request, and taking no credential of TLS: an ACME request authenticates by its JWS (the
     * account key, or a certificate's key for revokeCert), which the ACME front end verifies before anything
     * else. Errors are ACME problem documents with a fresh nonce, also for what no ACME handler takes.
     */
    @Bean
    @Order(ACME)
    SecurityFilterChain acme(HttpSecurity http, AcmeNonces nonces) throws Exception {
        return stateless(http).securityMatcher("/acme/**")
                .addFilterBefore(new ErrorFormFilter(new AcmeResponses(nonces)), DisableEncodeUrlFilter.class)
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    /**
     * The console at {@code /ui/}: client certificates only, roles as in the API. A browser sends its client
     * certificate to any page that asks, as it sends a cookie, so every state-changing request must also carry a
     * CSRF token; tokens are kept in a {@code __Host-} cookie (SameSite=Strict, HttpOnly), so nothing here keeps a
     * session. Refusals are HTML pages that say which certificate is needed ({@link ConsoleErrors}).
     */
    @Bean
    @Order(CONSOLE)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieName("__Host-hallmark-csrf");
        csrfTokens.setCookiePath("/");
        csrfTokens.setCookieCustomizer(cookie -> cookie.secure(true).httpOnly(true).sameSite("Strict"));
        return stateless(http).securityMatcher("/ui", "/ui/**")
                // a token is rotated on log-in; here every request logs in anew with its certificate, and rotating the
                // token then would delete it with every stylesheet the page loads
                .csrf(c -> c.csrfTokenRepository(csrfTokens).sessionAuthenticationStrategy((auth, request, response) -> {
                }))
                .headers(h -> h
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONSOLE_CSP))
                        .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(31_536_000).includeSubDomains(false))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(f -> f.deny())
                        .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy",
                                "camera=(), microphone=(), geolocation=(), payment=()"))
                        .addHeaderWriter(new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin")))
                .addFilterBefore(new ErrorFormFilter(ConsoleErrors.FORM), DisableEncodeUrlFilter.class)
                .addFilterBefore(credentials(List.of(new ClientCertificateAuthenticationConverter()), clientCertificates),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> ConsoleErrors.unauthenticated(request,
                                response, ex, CredentialAuthenticationFilter.refusal(request).orElse(null)))
                        .accessDeniedHandler((request, response, ex) -> {
                            refusals.record(request, ex.getMessage());
                            ConsoleErrors.forbidden(request, response, ex,
                                    roleOf(SecurityContextHolder.getContext().getAuthentication()));
                        }))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/ui/assets/**").permitAll()
                        .requestMatchers("/ui/certificates/*/revoke").hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers("/ui/issue", "/ui/issue/**").hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers("/ui/tokens", "/ui/tokens/**").hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/ui/admins").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers("/ui/admins", "/ui/admins/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/ui/acme/eab-keys").hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers("/ui/acme/eab-keys/*/revoke").hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers("/ui/acme/accounts/*/deactivate").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/ui/audit").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers("/ui/audit", "/ui/audit/**").denyAll()
                        .requestMatchers(HttpMethod.GET, "/ui", "/ui/", "/ui/certificates", "/ui/certificates/**")
                                .hasAnyRole(ADMINISTRATORS)
                        // a page no rule names: 404 for an administrator (from Spring MVC), never open to others
                        .requestMatchers(HttpMethod.GET, "/ui/**").hasAnyRole(ADMINISTRATORS)
                        .anyRequest().denyAll())
                .build();
    }

    /**
     * No script or style but the console's own files (so no inline ones, and nothing injected into a page runs), no
     * framing, forms only to the console itself. The charts are inline SVG drawn with presentation attributes,
     * which CSP does not treat as styles.
     */
    static final String CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static String roleOf(Authentication authentication) {
        return authentication != null && authentication.getPrincipal() instanceof HallmarkPrincipal p
                && p.role() != null ? p.role().name() : null;
    }

    @Bean
    @Order(DOCUMENTATION)
    SecurityFilterChain documentation(HttpSecurity http) throws Exception {
        return stateless(http).securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                        "/swagger-ui.html", "/swagger-ui/**", "/actuator/health", "/actuator/health/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .build();
    }

    /**
     * Client certificates only. An endpoint is opened with one rule before {@code denyAll} (and its exposure in
     * {@code management.endpoints.web.exposure.include}): the metrics, for a Prometheus with an administrator's
     * certificate of any role.
     */
    @Bean
    @Order(ACTUATOR)
    SecurityFilterChain actuator(HttpSecurity http) throws Exception {
        return stateless(http).securityMatcher("/actuator/**")
                .addFilterBefore(credentials(List.of(new ClientCertificateAuthenticationConverter()), clientCertificates),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated()).accessDeniedHandler(forbidden()))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/prometheus").hasAnyRole(ADMINISTRATORS)
                        .anyRequest().denyAll())
                .build();
    }

    /** 404 rather than 403: a path no surface serves does not exist, whoever asks. */
    @Bean
    @Order(REFUSED)
    SecurityFilterChain refused(HttpSecurity http) throws Exception {
        NotFound notFound = new NotFound(request -> "no resource at " + request.getRequestURI());
        return stateless(http)
                .authorizeHttpRequests(a -> a.anyRequest().denyAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(notFound).accessDeniedHandler(notFound))
                .build();
    }

    /**
     * What every chain shares: no sessions, cookies, CSRF tokens (the console puts its own back), saved requests or
     * login pages.
     */
    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable());
    }

    /** The credentials a surface takes, tried in the order given; each converter's token has its provider. */
    private static CredentialAuthenticationFilter credentials(List<AuthenticationConverter> converters,
            AuthenticationProvider... providers) {
        return new CredentialAuthenticationFilter(new ProviderManager(providers), converters);
    }

    private static AuthenticationEntryPoint unauthenticated() {
        return (request, response, ex) -> ProblemResponses.write(response, ProblemType.UNAUTHENTICATED,
                "A client certificate of this CA is required", CredentialAuthenticationFilter.refusal(request)
                        .orElse("present an administrator's client certificate (curl --cert admin.crt --key admin.key)"));
    }

    private AccessDeniedHandler forbidden() {
        return (request, response, ex) -> {
            String detail = "the client certificate's role does not permit " + request.getMethod() + " "
                    + request.getRequestURI();
            refusals.record(request, detail);
            ProblemResponses.write(response, ProblemType.FORBIDDEN, detail);
        };
    }

    /** A refusal that answers as if nothing were there, with or without a credential. */
    private record NotFound(Function<HttpServletRequest, String> detail)
            implements AuthenticationEntryPoint, AccessDeniedHandler {

        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
                throws IOException {
            ProblemResponses.write(response, ProblemType.NOT_FOUND, detail.apply(request));
        }

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
                throws IOException {
            ProblemResponses.write(response, ProblemType.NOT_FOUND, detail.apply(request));
        }
    }
}
