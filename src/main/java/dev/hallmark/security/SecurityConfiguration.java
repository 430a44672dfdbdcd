package dev.hallmark.security;

import dev.hallmark.web.problem.ProblemResponses;
import dev.hallmark.web.problem.ProblemType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Public paths (CA certificates, CRLs, OCSP, EST and ACME, which authenticate
 * in their own protocol, API documentation and health) need nothing; the REST API needs a client
 * certificate of this CA with an administrator role, or an enrollment token for issuing; the
 * metrics ({@code /actuator/prometheus}) need a certificate of any administrator role.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, ClientCertificateAuthenticator certificates) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .anonymous(a -> {
                })
                .addFilterBefore(new HallmarkAuthenticationFilter(certificates), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> ProblemResponses.write(response,
                                ProblemType.UNAUTHENTICATED, "A client certificate of this CA is required",
                                request.getAttribute(HallmarkAuthenticationFilter.REFUSAL) instanceof String refusal
                                        ? refusal
                                        : "present an administrator's client certificate (curl --cert admin.crt --key admin.key)"))
                        .accessDeniedHandler((request, response, ex) -> ProblemResponses.write(response,
                                ProblemType.FORBIDDEN,
                                "the client certificate's role does not permit " + request.getMethod() + " "
                                        + request.getRequestURI())))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/ca/**", "/crl", "/crl.pem", "/crl/**", "/ocsp", "/ocsp/**").permitAll()
                        .requestMatchers("/.well-known/est/**", "/acme/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
                                "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/certificates")
                                .hasAnyRole("ADMIN", "OPERATOR", "ENROLLEE")
                        .requestMatchers(HttpMethod.POST, "/api/v1/certificates/renew").hasRole("CERTIFICATE")
                        .requestMatchers(HttpMethod.POST, "/api/v1/certificates/*/revoke").hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/certificates", "/api/v1/certificates/**")
                                .hasAnyRole("ADMIN", "OPERATOR", "AUDITOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/admins").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers("/api/v1/admins", "/api/v1/admins/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/enrollment-tokens", "/api/v1/enrollment-tokens/**")
                                .hasAnyRole("ADMIN", "OPERATOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/audit-events").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/profiles").hasAnyRole("ADMIN", "OPERATOR", "AUDITOR")
                        .requestMatchers("/actuator/prometheus").hasAnyRole("ADMIN", "OPERATOR", "AUDITOR")
                        .requestMatchers("/api/**").denyAll()
                        .anyRequest().permitAll());
        return http.build();
    }
}
