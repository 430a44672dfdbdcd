package dev.hallmark.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Pkcs12s;
import dev.hallmark.support.TestCsrs;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** The console over plain HTTPS requests, as a browser would send them, for the tests of its security. */
final class ConsoleHttp {

    static final String CSRF_COOKIE = "__Host-hallmark-csrf";

    private ConsoleHttp() {
    }

    /** A page and the CSRF cookie it set, if any. */
    record Page(int status, String body, java.net.http.HttpHeaders headers, String csrfCookie) {

        /** The hidden CSRF field of the page's (first) form. */
        String csrfField() {
            return find(body, "name=\"_csrf\" value=\"([^\"]+)\"");
        }
    }

    static Page get(HallmarkClient client, HttpClient caller, String path) {
        HttpResponse<String> r = HallmarkClient.send(caller, HttpRequest.newBuilder(client.https(path))
                .header("Accept", "text/html").GET().build());
        return page(r);
    }

    /** A form post; {@code cookie} is sent as the CSRF cookie when not null. */
    static Page post(HallmarkClient client, HttpClient caller, String path, String cookie, Map<String, String> form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.https(path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"))));
        if (cookie != null) {
            request.header("Cookie", CSRF_COOKIE + "=" + cookie);
        }
        return page(HallmarkClient.send(caller, request.build()));
    }

    static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    /** A new administrator of the role, created through the REST API with a generated key. */
    static HttpClient administrator(HallmarkClient client, String role) {
        var response = client.postJson(client.admin(), "/api/v1/admins", "{\"name\":\"" + role.toLowerCase()
                + "-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"role\":\"" + role + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = Json.parse(response.body());
        return client.withPkcs12(Base64.getDecoder().decode(body.get("pkcs12Base64").asText()),
                body.get("pkcs12Password").asText().toCharArray());
    }

    /** A client certificate of this CA that is no administrator's (profile {@code client}). */
    static HttpClient plainClient(HallmarkClient client, String name) {
        TestCsrs csr = TestCsrs.csr().subject("CN=" + name);
        var issued = client.issue(client.admin(), csr.pem(), "profile=client");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return client.withPkcs12(Pkcs12s.of(csr.keys(), issued.body()), Pkcs12s.PASSWORD);
    }

    /** A server certificate issued through the REST API; answers its serial. */
    static String issueServer(HallmarkClient client, String subject, String dnsName) {
        var issued = client.issue(client.admin(), TestCsrs.csr().subject(subject).dns(dnsName).pem(), "profile=server");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String location = issued.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The certificate's status as the REST API reports it. */
    static String apiStatus(HallmarkClient client, String serial) {
        var response = client.get(client.admin(), "/api/v1/certificates/" + serial, "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.parse(response.body()).get("status").asText();
    }

    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("'" + regex + "' in:\n" + text).isTrue();
        return m.group(1);
    }

    static List<String> findAll(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static Page page(HttpResponse<String> r) {
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(CSRF_COOKIE + "="))
                .map(c -> c.substring(CSRF_COOKIE.length() + 1, c.indexOf(';'))).findFirst().orElse(null);
        return new Page(r.statusCode(), r.body(), r.headers(), cookie);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
