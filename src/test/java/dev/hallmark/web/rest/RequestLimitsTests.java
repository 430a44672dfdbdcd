package dev.hallmark.web.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.policy.Limits;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.EnrollmentTokenRepository;
import dev.hallmark.support.Json;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Valid but large requests (hundreds of names, attributes of thousands of characters) are refused
 * by policy with a problem naming the limit, nothing stored, never a 5xx; values at the limit are
 * issued. Before the limits, such a CSR reached the store, failed its column sizes and was answered
 * 500 "the certificate could not be stored" after three pointless retries.
 */
class RequestLimitsTests extends ServiceTest {

    @Autowired
    CertificateRepository certificates;

    @Autowired
    EnrollmentTokenRepository tokens;

    @Autowired
    DataSource dataSource;

    // CSRs

    @Test
    void issueWhenCsrHas150SansThenLimitExceededNamingTheLimit() {
        assertCsrRefused(TestCsrs.csr().subject("CN=many.example").dns(names(150, "many.example")).pem(), "server",
                "the CSR asks for 150 subjectAltNames; at most 100 are allowed");
    }

    @Test
    void issueWhenCsrHas300SansThenLimitExceededNotAStorageFailure() {
        assertCsrRefused(TestCsrs.csr().subject("CN=many.example").dns(names(300, "many.example")).pem(), "server",
                "the CSR asks for 300 subjectAltNames; at most 100 are allowed");
    }

    @Test
    void issueWhenCsrHas100SansThenIssuedWithAllOfThem() {
        long before = certificates.count();
        var response = client().issue(client().admin(),
                TestCsrs.csr().subject("CN=hundred.example").dns(names(100, "hundred.example")).pem(), "profile=server");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(certificates.count()).isEqualTo(before + 1);
        String serial = response.headers().firstValue("Location").orElseThrow().replace("/api/v1/certificates/", "");
        JsonNode view = Json.parse(client().get(client().admin(), "/api/v1/certificates/" + serial, "application/json").body());
        assertThat(view.get("sans")).hasSize(100);
    }

    @Test
    void issueWhenSanTextWouldNotFitItsColumnThenLimitExceeded() {
        // 100 names of 60 characters: within the count, but 6,598 characters as stored
        String[] names = IntStream.range(0, 100).mapToObj(i -> String.format("h%03d-%s.long.example", i, "x".repeat(42)))
                .toArray(String[]::new);
        assertCsrRefused(TestCsrs.csr().subject("CN=long.example").dns(names).pem(), "server",
                "the CSR's subjectAltNames take 6598 characters as stored; at most 4000 are allowed");
    }

    @Test
    void issueWhenOrganizationHas3000CharactersThenLimitExceededNamingTheBound() {
        assertCsrRefused(TestCsrs.csr().subject("CN=org.example,O=" + "o".repeat(3000)).dns("org.example").pem(), "server",
                "subject attribute O has 3000 characters; at most 64 are allowed (RFC 5280 ub-organization-name)");
    }

    @ParameterizedTest
    @CsvSource({
        "O, 65, RFC 5280 ub-organization-name, 64",
        "OU, 65, RFC 5280 ub-organizational-unit-name, 64",
        "L, 129, RFC 5280 ub-locality-name, 128",
        "ST, 129, RFC 5280 ub-state-name, 128",
        "C, 3, 'RFC 5280 X520countryName, ISO 3166 alpha-2', 2"
    })
    void issueWhenSubjectAttributeIsOneOverItsBoundThenLimitExceeded(String attribute, int length, String source, int max) {
        // built from ASN.1: Bouncy Castle refuses a three-letter country from a string, a CSR may still carry one
        X500Name subject = new X500Name(new RDN[] {
            new RDN(BCStyle.CN, new DERUTF8String("attr.example")),
            new RDN(BCStyle.INSTANCE.attrNameToOID(attribute), new DERPrintableString("A".repeat(length)))});
        assertCsrRefused(TestCsrs.csr().subject(subject).dns("attr.example").pem(), "server", "subject attribute "
                + attribute + " has " + length + " characters; at most " + max + " are allowed (" + source + ")");
    }

    @ParameterizedTest
    @CsvSource({"O, 64", "OU, 64", "L, 128", "ST, 128", "C, 2"})
    void issueWhenSubjectAttributeIsAtItsBoundThenIssued(String attribute, int length) {
        long before = certificates.count();
        var response = client().issue(client().admin(), TestCsrs.csr().subject("CN=attr.example," + attribute + "="
                + "A".repeat(length)).dns("attr.example").pem(), "profile=server");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(certificates.count()).isEqualTo(before + 1);
    }

    @Test
    void issueWhenSubjectIsLongerThanItsColumnThenLimitExceeded() {
        // every OU within ub-organizational-unit-name, 20 of them: 1,373 characters as stored
        String ous = IntStream.range(0, 20).mapToObj(i -> "OU=" + String.format("%02d", i) + "u".repeat(62))
                .collect(Collectors.joining(","));
        assertCsrRefused(TestCsrs.csr().subject("CN=ou.example," + ous).dns("ou.example").pem(), "server",
                "the subject takes 1373 characters as stored (RFC 4514 form); at most 1024 are allowed");
    }

    @Test
    void issueWhenDnsLabelHas64CharactersThenLimitExceeded() {
        String name = "l".repeat(64) + ".example";
        assertCsrRefused(TestCsrs.csr().subject("CN=label.example").dns(name).pem(), "server",
                "DNS name '" + Limits.quote(name) + "' has a label of 64 characters; at most 63 are allowed "
                        + "(RFC 1035 section 2.3.4)");
    }

    @Test
    void issueWhenDnsNameHas254CharactersThenLimitExceeded() {
        String name = ("d".repeat(62) + ".").repeat(4) + "ab"; // 254 characters, every label legal
        assertCsrRefused(TestCsrs.csr().subject("CN=name.example").dns(name).pem(), "server",
                "DNS name '" + name.substring(0, 80) + "...' has 254 characters; at most 253 are allowed "
                        + "(RFC 1035 section 2.3.4)");
    }

    @Test
    void issueWhenEmailSanHas256CharactersThenLimitExceeded() {
        String address = "e".repeat(64) + "@" + ("m".repeat(62) + ".").repeat(3) + "example"; // 64 + 1 + 189 + 2
        address = address.substring(0, 248) + ".example";
        assertThat(address).hasSize(256);
        assertCsrRefused(TestCsrs.csr().subject("CN=mail").email(address).pem(), "client",
                "e-mail address '" + Limits.quote(address) + "' has 256 characters; at most 255 are allowed "
                        + "(RFC 5280 ub-emailaddress-length)");
    }

    @Test
    void issueWhenUriSanHas2049CharactersThenLimitExceeded() {
        String uri = "spiffe://example.org/" + "p".repeat(2049 - "spiffe://example.org/".length());
        assertCsrRefused(TestCsrs.csr().subject("CN=workload").uri(uri).pem(), "client",
                "URI '" + Limits.quote(uri) + "' has 2049 characters; at most 2048 are allowed "
                        + "(SPIFFE ID specification section 2.3)");
    }

    @Test
    void limitsWhenComparedWithTheSchemaThenFitTheirColumns() {
        assertThat(columnSize("CERTIFICATE", "SUBJECT")).isEqualTo(Limits.MAX_SUBJECT_LENGTH);
        assertThat(columnSize("CERTIFICATE", "SANS")).isEqualTo(Limits.MAX_SAN_TEXT_LENGTH);
        assertThat(columnSize("ENROLLMENT_TOKEN", "SANS")).isEqualTo(Limits.MAX_SAN_TEXT_LENGTH);
        // the common name is stored escaped (RFC 4514): at most two characters for each one
        assertThat(columnSize("CERTIFICATE", "COMMON_NAME")).isGreaterThanOrEqualTo(2 * Limits.MAX_COMMON_NAME_LENGTH);
        assertThat(columnSize("ENROLLMENT_TOKEN", "COMMON_NAME")).isGreaterThanOrEqualTo(Limits.MAX_COMMON_NAME_LENGTH);
    }

    @Test
    void issueWhenProfileNameIsLongerThanTheAuditColumnThenRefusedAndAuditedCut() {
        // the refusal is audited with the profile as its target: uncut, the insert failed and the refusal became a 500
        String profile = "p".repeat(5000);
        long before = certificates.count();
        var response = client().issue(client().admin(), TestCsrs.csr().subject("CN=audit.example").pem(),
                "profile=" + profile);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Json.parse(response.body()).get("detail").asText())
                .isEqualTo("unknown profile '" + Limits.quote(profile) + "'; GET /api/v1/profiles lists them");
        assertThat(certificates.count()).isEqualTo(before);
        var audit = client().get(client().admin(), "/api/v1/audit-events?action=certificate.issue&size=1",
                "application/json");
        assertThat(audit.statusCode()).isEqualTo(200);
        JsonNode event = Json.parse(audit.body()).get("items").get(0);
        assertThat(event.get("outcome").asText()).isEqualTo("REFUSED");
        assertThat(event.get("target").asText()).isEqualTo("p".repeat(253) + "...");
    }

    // enrollment tokens

    @Test
    void createTokenWhen1000SansThenLimitExceeded() {
        List<String> sans = List.of(names(1000, "fleet.example"));
        assertTokenRefused(tokenJson("device", "pump.fleet.example", sans),
                "sans lists 1000 subjectAltNames; at most 100 are allowed");
    }

    @Test
    void createTokenWhenSansWouldNotFitTheirColumnThenLimitExceeded() {
        List<String> sans = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sans.add(String.format("*.p%03d.%s.fleet.example", i, "z".repeat(50)));
        }
        assertTokenRefused(tokenJson("device", null, sans), "sans take 7199 characters as stored; at most 4000 are allowed");
    }

    @Test
    void createTokenWhenCommonNameHas65CharactersThenLimitExceeded() {
        String cn = "c".repeat(65);
        assertTokenRefused(tokenJson("device", cn, List.of()), "commonName '" + cn + "' has 65 characters; at most 64 "
                + "are allowed (RFC 5280 ub-common-name)");
    }

    @Test
    void createTokenWhenPatternHasA64CharacterLabelThenLimitExceeded() {
        String pattern = "*." + "q".repeat(64) + ".example";
        assertTokenRefused(tokenJson("device", null, List.of(pattern)), "sans entry '" + Limits.quote(pattern)
                + "' has a label of 64 characters; at most 63 are allowed (RFC 1035 section 2.3.4)");
    }

    @Test
    void createTokenWhen100SansAtTheLimitsThenCreated() {
        long before = tokens.count();
        var response = client().postJson(client().admin(), "/api/v1/enrollment-tokens",
                tokenJson("device", "c".repeat(64), List.of(names(100, "fleet.example"))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(Json.parse(response.body()).get("sans")).hasSize(100);
        assertThat(tokens.count()).isEqualTo(before + 1);
    }

    private void assertCsrRefused(String pem, String profile, String detail) {
        long before = certificates.count();
        var response = client().issue(client().admin(), pem, "profile=" + profile);
        assertLimitExceeded(response, detail);
        assertThat(certificates.count()).isEqualTo(before);
    }

    private void assertTokenRefused(String json, String detail) {
        long before = tokens.count();
        var response = client().postJson(client().admin(), "/api/v1/enrollment-tokens", json);
        assertLimitExceeded(response, detail);
        assertThat(tokens.count()).isEqualTo(before);
    }

    private static void assertLimitExceeded(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Json.parse(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:hallmark:problem:limit-exceeded");
        assertThat(problem.get("title").asText()).isEqualTo("The request exceeds a size limit of this CA");
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
    }

    private int columnSize(String table, String column) {
        return JdbcClient.create(dataSource).sql("SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS"
                + " WHERE TABLE_NAME = ? AND COLUMN_NAME = ?").params(table, column).query(Integer.class).single();
    }

    private static String tokenJson(String profile, String commonName, List<String> sans) {
        return "{\"profile\":" + Json.quote(profile) + (commonName == null ? "" : ",\"commonName\":" + Json.quote(commonName))
                + ",\"sans\":[" + sans.stream().map(Json::quote).collect(Collectors.joining(",")) + "]}";
    }

    private static String[] names(int count, String domain) {
        return IntStream.range(0, count).mapToObj(i -> "host-" + i + "." + domain).toArray(String[]::new);
    }
}
