package dev.hallmark.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.hallmark.storage.AdministratorRepository;
import dev.hallmark.storage.CertificateRepository;
import dev.hallmark.storage.EnrollmentTokenRepository;
import dev.hallmark.support.HallmarkClient;
import dev.hallmark.support.Json;
import dev.hallmark.support.Pkcs12s;
import dev.hallmark.support.RawHttp;
import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.TestCsrs;
import dev.hallmark.web.problem.ProblemType;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Every input of the REST, EST and OCSP surfaces, with oversized, boundary and malformed values:
 * the answer is never a 5xx, it is in the protocol's own error form (RFC 9457 problem with the
 * specific type and title; EST's plain text or Basic challenge; an OCSP error status) and nothing
 * is stored (certificates, tokens, administrators and revocations are counted before the request
 * and compared after).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTests extends ServiceTest {

    private static final Random RANDOM = new Random(8);
    private static final String MALFORMED = "the body is not a PKCS#10 certificate request (PEM or DER)";
    private static final String NOT_DER = "the CSR is not DER-encoded or has trailing data";
    private static final String TOO_LARGE = "the request body exceeds the limit of 65536 bytes";
    private static final String LONG = "x".repeat(10_000);
    private static final String QUOTED_LONG = "x".repeat(80) + "...";
    private static final String CSR = TestCsrs.csr().subject("CN=hostile.example").dns("hostile.example").pem();
    private static final String DEVICE_CN = "hostile-device.example";
    /** A CN whose UTF8String holds C3 28, which is not UTF-8. */
    private static final String NOT_UTF8_CN = TestCsrs.csr().subject(new X500Name(new RDN[] {new RDN(BCStyle.CN,
            utf8StringOf(new byte[] {(byte) 0xc3, 0x28}))})).dns("hostile.example").pem();
    private static final Map<String, ASN1ObjectIdentifier> READ_EXTENSIONS = Map.of("subjectAltName",
            Extension.subjectAlternativeName, "basicConstraints", Extension.basicConstraints, "keyUsage", Extension.keyUsage,
            "extendedKeyUsage", Extension.extendedKeyUsage);
    private static final Map<String, String> WRONG_TYPE = extensionCsrs(new byte[] {0x0c, 0x01, 'x'});
    private static final Map<String, String> EMPTY = extensionCsrs(new byte[0]);

    @Autowired
    CertificateRepository certificates;

    @Autowired
    EnrollmentTokenRepository tokens;

    @Autowired
    AdministratorRepository administrators;

    @Autowired
    DataSource dataSource;

    private final Map<As, HttpClient> clients = new LinkedHashMap<>();

    /** Who sends a request: the bootstrap administrator, nobody, or a device with a certificate of this CA. */
    enum As { ADMIN, ANONYMOUS, DEVICE }

    /** One request; a null body sends none. */
    record Call(As as, String method, String path, String contentType, byte[] body, Map<String, String> headers) {

        Call header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Call(as, method, path, contentType, body, more);
        }

        Call as(As who) {
            return new Call(who, method, path, contentType, body, headers);
        }
    }

    /** What the answer must be. */
    sealed interface Expected {
    }

    /** An RFC 9457 problem of this type and title; the detail exactly, or (null) any non-blank detail. */
    record Problem(int status, ProblemType type, String title, String detail) implements Expected {
    }

    /** EST's error form: this status with a plain-text reason (exactly, or any when null). */
    record EstText(int status, String detail) implements Expected {
    }

    /** EST's answer to a credential it cannot read: 401, a Basic challenge, an empty body. */
    record EstChallenge() implements Expected {
    }

    /** An OCSP response with this status (RFC 6960 section 4.2.1) in an HTTP 200. */
    record OcspStatus(int status) implements Expected {
    }

    /**
     * Only an HTTP status: what the servlet container answers for a request it cannot parse (a path
     * with a malformed percent-escape, a body over the limit) before any OCSP code sees it.
     */
    record HttpStatus(int status) implements Expected {
    }

    /** A boundary value that is valid: 200 with JSON. */
    record Ok() implements Expected {
    }

    @BeforeAll
    void clients() {
        HallmarkClient c = client();
        clients.put(As.ADMIN, c.admin());
        clients.put(As.ANONYMOUS, c.anonymous());
        TestCsrs device = TestCsrs.csr().subject("CN=" + DEVICE_CN).dns(DEVICE_CN);
        var issued = c.issue(c.admin(), device.pem(), "profile=device");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        clients.put(As.DEVICE, c.withPkcs12(Pkcs12s.of(device.keys(), issued.body()), Pkcs12s.PASSWORD));
    }

    // REST: issuing

    Stream<Arguments> issuing() {
        String issue = "/api/v1/certificates";
        return Stream.of(
                rest("PEM body of 60 KB of text", pkcs10(issue, "A".repeat(60_000)), problem(400, ProblemType.MALFORMED_CSR, NOT_DER)),
                rest("PEM block of 60 KB of non-base64", pkcs10(issue, "-----BEGIN CERTIFICATE REQUEST-----\n"
                        + "!".repeat(60_000) + "\n-----END CERTIFICATE REQUEST-----\n"), problem(400, ProblemType.MALFORMED_CSR, null)),
                rest("body over 64 KB", pkcs10(issue, "A".repeat(70_000)), problem(413, ProblemType.PAYLOAD_TOO_LARGE, TOO_LARGE)),
                rest("empty body", pkcs10(issue, ""), problem(400, ProblemType.MALFORMED_CSR,
                        "the request body is empty; send a PKCS#10 CSR as PEM or DER")),
                rest("DER of random bytes", der(issue, random(30_000)), problem(400, ProblemType.MALFORMED_CSR, null)),
                rest("DER nested 16000 levels deep", der(issue, nested(16_000)), problem(400, ProblemType.MALFORMED_CSR, MALFORMED)),
                rest("JSON csr of 60 KB", json(issue, "{\"csr\":\"" + "A".repeat(60_000) + "\"}"),
                        problem(400, ProblemType.MALFORMED_CSR, NOT_DER)),
                rest("JSON csr null", json(issue, "{\"csr\":null}"), problem(400, ProblemType.INVALID_REQUEST, "csr must not be blank")),
                rest("JSON csr a number", json(issue, "{\"csr\":12345}"), problem(400, ProblemType.MALFORMED_CSR, MALFORMED)),
                rest("JSON that is not JSON", json(issue, "{\"csr\":"), problem(400, ProblemType.INVALID_REQUEST,
                        "the request body could not be read as JSON of the expected form")),
                rest("JSON validityDays -1", json(issue, issueJson("server", "-1")), problem(400,
                        ProblemType.INVALID_VALIDITY, "validityDays must be at least 1")),
                rest("JSON validityDays 0", json(issue, issueJson("server", "0")), problem(400,
                        ProblemType.INVALID_VALIDITY, "validityDays must be at least 1")),
                rest("JSON validityDays 2147483647", json(issue, issueJson("server", "2147483647")), problem(400,
                        ProblemType.INVALID_VALIDITY, "validityDays 2147483647 exceeds the maximum of 398 for profile 'server'")),
                rest("JSON validityDays overflowing an int", json(issue, issueJson("server", "2147483648")), problem(400,
                        ProblemType.INVALID_REQUEST, "the request body could not be read as JSON of the expected form")),
                rest("JSON validityDays not a number", json(issue, issueJson("server", "\"ninety\"")), problem(400,
                        ProblemType.INVALID_REQUEST, "the request body could not be read as JSON of the expected form")),
                rest("JSON profile of 10000 characters", json(issue, issueJson(LONG, "30")), problem(400,
                        ProblemType.UNKNOWN_PROFILE, "unknown profile '" + QUOTED_LONG + "'; GET /api/v1/profiles lists them")),
                rest("query validityDays -1", pkcs10(issue + "?validityDays=-1", CSR), problem(400,
                        ProblemType.INVALID_VALIDITY, "validityDays must be at least 1")),
                rest("query validityDays 0", pkcs10(issue + "?validityDays=0", CSR), problem(400,
                        ProblemType.INVALID_VALIDITY, "validityDays must be at least 1")),
                rest("query validityDays 2147483647", pkcs10(issue + "?validityDays=2147483647", CSR), problem(400,
                        ProblemType.INVALID_VALIDITY, "validityDays 2147483647 exceeds the maximum of 398 for profile 'server'")),
                rest("query validityDays overflowing an int", pkcs10(issue + "?validityDays=99999999999", CSR), problem(400,
                        ProblemType.INVALID_REQUEST, "parameter 'validityDays' has an invalid value")),
                rest("query validityDays not a number", pkcs10(issue + "?validityDays=1e3", CSR), problem(400,
                        ProblemType.INVALID_REQUEST, "parameter 'validityDays' has an invalid value")),
                rest("query profile of 5000 characters", pkcs10(issue + "?profile=" + "x".repeat(5000), CSR), problem(400,
                        ProblemType.UNKNOWN_PROFILE, "unknown profile '" + QUOTED_LONG + "'; GET /api/v1/profiles lists them")),
                rest("query profile empty", pkcs10(issue + "?profile=", CSR), problem(400,
                        ProblemType.UNKNOWN_PROFILE, "unknown profile ''; GET /api/v1/profiles lists them")),
                rest("subject CN of UTF8String bytes that are not UTF-8", pkcs10(issue, NOT_UTF8_CN),
                        problem(400, ProblemType.FORBIDDEN_SUBJECT, "subject attribute CN is not valid UTF-8")));
    }

    /** Extension requests whose value is of another ASN.1 type than the extension's, or empty (fuzzing found them). */
    Stream<Arguments> extensionValues() {
        String issue = "/api/v1/certificates";
        return Stream.of(
                rest("subjectAltName that is a UTF8String", pkcs10(issue, WRONG_TYPE.get("subjectAltName")),
                        problem(400, ProblemType.MALFORMED_CSR, unreadable("subjectAltName"))),
                rest("subjectAltName that is empty", pkcs10(issue, EMPTY.get("subjectAltName")),
                        problem(400, ProblemType.MALFORMED_CSR, unreadable("subjectAltName"))),
                rest("basicConstraints that is a UTF8String", pkcs10(issue, WRONG_TYPE.get("basicConstraints")),
                        problem(400, ProblemType.MALFORMED_CSR, unreadable("basicConstraints"))),
                rest("basicConstraints that is empty", pkcs10(issue, EMPTY.get("basicConstraints")),
                        problem(400, ProblemType.MALFORMED_CSR, unreadable("basicConstraints"))),
                rest("keyUsage that is a UTF8String", pkcs10(issue, WRONG_TYPE.get("keyUsage")),
                        problem(400, ProblemType.MALFORMED_CSR, unreadable("keyUsage"))),
                rest("keyUsage that is empty", pkcs10(issue, EMPTY.get("keyUsage")),
                        problem(400, ProblemType.MALFORMED_CSR, unreadable("keyUsage"))),
                rest("extendedKeyUsage that is a UTF8String", pkcs10(issue, WRONG_TYPE.get("extendedKeyUsage")),
                        problem(400, ProblemType.MALFORMED_CSR, unreadable("extendedKeyUsage"))),
                rest("extendedKeyUsage that is empty", pkcs10(issue, EMPTY.get("extendedKeyUsage")),
                        problem(400, ProblemType.MALFORMED_CSR, unreadable("extendedKeyUsage"))));
    }

    // REST: reading, listing, revoking

    Stream<Arguments> reading() {
        String list = "/api/v1/certificates?";
        String sortable = "sort must be one of [createdAt, notAfter, notBefore, serial, subject, profile], optionally "
                + "with ,asc or ,desc";
        String paging = "page must be 0 or more and size between 1 and 1000";
        return Stream.of(
                rest("serial of 41 hex digits", get("/api/v1/certificates/" + "A".repeat(41)), problem(400,
                        ProblemType.INVALID_REQUEST, "'" + "A".repeat(41) + "' is not a hexadecimal serial number")),
                rest("serial not hex", get("/api/v1/certificates/zz"), problem(400, ProblemType.INVALID_REQUEST,
                        "'zz' is not a hexadecimal serial number")),
                rest("serial of colons only", get("/api/v1/certificates/:::"), problem(400, ProblemType.INVALID_REQUEST,
                        "':::' is not a hexadecimal serial number")),
                rest("serial negative", get("/api/v1/certificates/-1"), problem(400, ProblemType.INVALID_REQUEST,
                        "'-1' is not a hexadecimal serial number")),
                rest("serial with colons, unknown", get("/api/v1/certificates/0a:0b:0c"), problem(404, ProblemType.NOT_FOUND,
                        "no certificate with serial 0a:0b:0c")),
                rest("serial of 5000 hex digits as PEM", get("/api/v1/certificates/" + "f".repeat(5000))
                        .header("Accept", "application/x-pem-file"), problem(400, ProblemType.INVALID_REQUEST, null)),
                rest("revoke with a serial not hex", post("/api/v1/certificates/zz/revoke", "{}"), problem(400,
                        ProblemType.INVALID_REQUEST, "'zz' is not a hexadecimal serial number")),
                rest("page -1", get(list + "page=-1"), problem(400, ProblemType.INVALID_REQUEST, paging)),
                rest("size 0", get(list + "size=0"), problem(400, ProblemType.INVALID_REQUEST, paging)),
                rest("size 1001", get(list + "size=1001"), problem(400, ProblemType.INVALID_REQUEST, paging)),
                rest("size overflowing an int", get(list + "size=99999999999"), problem(400, ProblemType.INVALID_REQUEST,
                        "parameter 'size' has an invalid value")),
                rest("page 2147483647", get(list + "page=2147483647&size=1000"), problem(400, ProblemType.INVALID_REQUEST,
                        "page 2147483647 of size 1000 starts beyond row 2147483647, the last a list can reach")),
                rest("page 2147483 of size 1000, the last reachable", get(list + "page=2147483&size=1000"), new Ok()),
                rest("audit page 2147483647", get("/api/v1/audit-events?page=2147483647&size=1000"), problem(400,
                        ProblemType.INVALID_REQUEST, "page 2147483647 of size 1000 starts beyond row 2147483647, the last "
                                + "a list can reach")),
                rest("audit size 0", get("/api/v1/audit-events?size=0"), problem(400, ProblemType.INVALID_REQUEST, paging)),
                rest("audit after not an instant", get("/api/v1/audit-events?after=yesterday"), problem(400,
                        ProblemType.INVALID_REQUEST, "parameter 'after' has an invalid value")),
                rest("audit actor of 5000 characters", get("/api/v1/audit-events?actor=" + "a".repeat(5000)), new Ok()),
                rest("size 1000", get(list + "size=1000"), new Ok()),
                rest("sort on an unknown field", get(list + "sort=colour"), problem(400, ProblemType.INVALID_REQUEST, sortable)),
                rest("sort of commas", get(list + "sort=,,,"), problem(400, ProblemType.INVALID_REQUEST, sortable)),
                rest("expiresBefore not an instant", get(list + "expiresBefore=tomorrow"), problem(400,
                        ProblemType.INVALID_REQUEST, "parameter 'expiresBefore' has an invalid value")),
                rest("expiresBefore beyond the largest instant", get(list + "expiresBefore=%2B1000000001-01-01T00:00:00Z"),
                        problem(400, ProblemType.INVALID_REQUEST, "parameter 'expiresBefore' has an invalid value")),
                rest("expiresBefore the largest instant", get(list + "expiresBefore=%2B1000000000-12-31T23:59:59Z"), new Ok()),
                rest("expiresAfter the smallest instant", get(list + "expiresAfter=-1000000000-01-01T00:00:00Z"), new Ok()),
                rest("q of 5000 characters", get(list + "q=" + "q".repeat(5000)), new Ok()),
                rest("q of LIKE wildcards", get(list + "q=%25_%5C"), new Ok()),
                rest("status unknown", get(list + "status=lost"), problem(400, ProblemType.INVALID_REQUEST,
                        "status must be valid, revoked or expired")),
                rest("page -1 as CSV", get(list + "page=-1").header("Accept", "text/csv"), problem(400,
                        ProblemType.INVALID_REQUEST, paging)),
                rest("revoke reason unknown", post("/api/v1/certificates/0A0B0C/revoke", "{\"reason\":\"because\"}"),
                        problem(400, ProblemType.INVALID_REQUEST, null)),
                rest("revoke reason empty", post("/api/v1/certificates/0A0B0C/revoke", "{\"reason\":\"\"}"),
                        problem(400, ProblemType.INVALID_REQUEST, null)),
                rest("revoke reason of 10000 characters", post("/api/v1/certificates/0A0B0C/revoke",
                        "{\"reason\":\"" + LONG + "\"}"), problem(400, ProblemType.INVALID_REQUEST, null)),
                rest("revoke reason a list", post("/api/v1/certificates/0A0B0C/revoke", "{\"reason\":[]}"),
                        problem(400, ProblemType.INVALID_REQUEST, "the request body could not be read as JSON of the expected form")),
                rest("revoke body not JSON", post("/api/v1/certificates/0A0B0C/revoke", "reason=keyCompromise"),
                        problem(400, ProblemType.INVALID_REQUEST, "the request body could not be read as JSON of the expected form")),
                rest("revoke of an unknown serial", post("/api/v1/certificates/0A0B0C/revoke", "{\"reason\":\"superseded\"}"),
                        problem(404, ProblemType.NOT_FOUND, null)));
    }

    // REST: enrollment tokens and administrators

    Stream<Arguments> managing() {
        String tokens = "/api/v1/enrollment-tokens";
        String admins = "/api/v1/admins";
        String notIso = " is not an ISO-8601 duration such as PT1H or P7D";
        String lifetime = "expiresIn must be between PT1S and 30 days (P30D)";
        String thousand = IntStream.range(0, 1000).mapToObj(i -> "\"n" + i + ".fleet.example\"").collect(Collectors.joining(","));
        return Stream.of(
                rest("token commonName of 10000 characters", post(tokens, "{\"profile\":\"device\",\"commonName\":\"" + LONG + "\"}"),
                        problem(400, ProblemType.LIMIT_EXCEEDED, "commonName '" + QUOTED_LONG
                                + "' has 10000 characters; at most 64 are allowed (RFC 5280 ub-common-name)")),
                rest("token with 1000 sans", post(tokens, "{\"profile\":\"device\",\"sans\":[" + thousand + "]}"),
                        problem(400, ProblemType.LIMIT_EXCEEDED, "sans lists 1000 subjectAltNames; at most 100 are allowed")),
                rest("token san of 10000 characters", post(tokens, "{\"profile\":\"device\",\"sans\":[\"" + LONG + "\"]}"),
                        problem(400, ProblemType.LIMIT_EXCEEDED, "sans entry '" + QUOTED_LONG
                                + "' has 10000 characters; at most 253 are allowed (RFC 1035 section 2.3.4)")),
                rest("token san null", post(tokens, "{\"profile\":\"device\",\"sans\":[null]}"), problem(400,
                        ProblemType.INVALID_REQUEST, "sans '' is not a name or pattern: use an exact value, '*.example.com' "
                                + "for any name below example.com, or '*' for any (at most 253 characters)")),
                rest("token expiresIn P9999999D", post(tokens, "{\"profile\":\"device\",\"expiresIn\":\"P9999999D\"}"),
                        problem(400, ProblemType.INVALID_REQUEST, lifetime)),
                rest("token expiresIn overflowing a duration", post(tokens,
                        "{\"profile\":\"device\",\"expiresIn\":\"P999999999999999999D\"}"), problem(400,
                        ProblemType.INVALID_REQUEST, "expiresIn 'P999999999999999999D'" + notIso)),
                rest("token expiresIn negative", post(tokens, "{\"profile\":\"device\",\"expiresIn\":\"-PT1H\"}"),
                        problem(400, ProblemType.INVALID_REQUEST, lifetime)),
                rest("token expiresIn zero", post(tokens, "{\"profile\":\"device\",\"expiresIn\":\"PT0S\"}"),
                        problem(400, ProblemType.INVALID_REQUEST, lifetime)),
                rest("token expiresIn empty", post(tokens, "{\"profile\":\"device\",\"expiresIn\":\"\"}"),
                        problem(400, ProblemType.INVALID_REQUEST, "expiresIn ''" + notIso)),
                rest("token expiresIn of 10000 characters", post(tokens, "{\"profile\":\"device\",\"expiresIn\":\"" + LONG + "\"}"),
                        problem(400, ProblemType.INVALID_REQUEST, "expiresIn '" + QUOTED_LONG + "'" + notIso)),
                rest("token profile of 10000 characters", post(tokens, "{\"profile\":\"" + LONG + "\"}"), problem(400,
                        ProblemType.UNKNOWN_PROFILE, "unknown profile '" + QUOTED_LONG + "'; GET /api/v1/profiles lists them")),
                rest("token without profile", post(tokens, "{\"commonName\":\"a\"}"), problem(400,
                        ProblemType.INVALID_REQUEST, "profile must not be blank")),
                rest("token revoke of an id of 5000 characters", call(As.ADMIN, "DELETE", tokens + "/" + "i".repeat(5000), null,
                        null), problem(404, ProblemType.NOT_FOUND, null)),
                rest("token list with an unknown state", get(tokens + "?state=lost"), problem(400,
                        ProblemType.INVALID_REQUEST, "parameter 'state' has an invalid value")),
                rest("admin name of 10000 characters", post(admins, "{\"name\":\"" + LONG + "\",\"role\":\"OPERATOR\"}"),
                        problem(400, ProblemType.FORBIDDEN_SUBJECT, "name must be 1 to 64 letters, digits, spaces or . _ @ -, "
                                + "starting with a letter or digit")),
                rest("admin role unknown", post(admins, "{\"name\":\"eve\",\"role\":\"ROOT\"}"), problem(400,
                        ProblemType.INVALID_REQUEST, "the request body could not be read as JSON of the expected form")),
                rest("admin without role", post(admins, "{\"name\":\"eve\"}"), problem(400, ProblemType.INVALID_REQUEST,
                        "role must not be null")),
                rest("admin name empty", post(admins, "{\"name\":\"\",\"role\":\"AUDITOR\"}"), problem(400,
                        ProblemType.INVALID_REQUEST, "name must not be blank")),
                rest("admin csr of 60 KB", post(admins, "{\"name\":\"eve\",\"role\":\"AUDITOR\",\"csr\":\"" + "A".repeat(60_000)
                        + "\"}"), problem(400, ProblemType.MALFORMED_CSR, NOT_DER)),
                rest("admin csr for another name", post(admins, "{\"name\":\"eve\",\"role\":\"AUDITOR\",\"csr\":"
                        + Json.quote(TestCsrs.csr().subject("CN=mallory").pem()) + "}"), problem(403,
                        ProblemType.OUT_OF_BOUNDS, "common name 'mallory' is not the one this credential allows ('eve')")));
    }

    // REST: credentials

    Stream<Arguments> credentials() {
        String issue = "/api/v1/certificates";
        String renew = "/api/v1/certificates/renew";
        return Stream.of(
                rest("bearer of 7000 characters", pkcs10(issue, CSR).as(As.ANONYMOUS).header("Authorization",
                        "Bearer " + "b".repeat(7000)), problem(401, ProblemType.UNAUTHENTICATED,
                        "the enrollment token is not in the form this server issues (<id>.<secret>)")),
                rest("bearer with a valid id and a secret of 7000 characters", pkcs10(issue, CSR).as(As.ANONYMOUS)
                        .header("Authorization", "Bearer 0123456789abcdef0123." + "s".repeat(7000)), problem(401,
                        ProblemType.UNAUTHENTICATED, "the enrollment token is not valid")),
                rest("bearer without a token", pkcs10(issue, CSR).as(As.ANONYMOUS).header("Authorization", "Bearer "),
                        noCredential()),
                rest("Basic that is not base64", pkcs10(issue, CSR).as(As.ANONYMOUS).header("Authorization", "Basic !!!"),
                        noCredential()),
                rest("Authorization of 7000 characters without a scheme", pkcs10(issue, CSR).as(As.ANONYMOUS)
                        .header("Authorization", "a".repeat(7000)), noCredential()),
                rest("renew with an empty body", pkcs10(renew, "").as(As.DEVICE), problem(400, ProblemType.MALFORMED_CSR,
                        "the request body is empty; send a PKCS#10 CSR as PEM or DER")),
                rest("renew with 60 KB of text", pkcs10(renew, "A".repeat(60_000)).as(As.DEVICE), problem(400,
                        ProblemType.MALFORMED_CSR, NOT_DER)),
                rest("renew with DER nested 16000 levels deep", der(renew, nested(16_000)).as(As.DEVICE), problem(400,
                        ProblemType.MALFORMED_CSR, MALFORMED)),
                rest("renew with a body over 64 KB", pkcs10(renew, "A".repeat(70_000)).as(As.DEVICE), problem(413,
                        ProblemType.PAYLOAD_TOO_LARGE, TOO_LARGE)),
                rest("renew with validityDays overflowing an int", pkcs10(renew + "?validityDays=99999999999", CSR)
                        .as(As.DEVICE), problem(400, ProblemType.INVALID_REQUEST, "parameter 'validityDays' has an invalid value")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"issuing", "extensionValues", "reading", "managing", "credentials"})
    void restWhenInputIsHostileThenSpecificProblemAndNothingStored(String name, Call call, Expected expected) {
        check(call, expected);
    }

    // EST

    Stream<Arguments> est() {
        String enroll = "/.well-known/est/simpleenroll";
        String reenroll = "/.well-known/est/simplereenroll";
        String keygen = "/.well-known/est/serverkeygen";
        String notBase64 = "the request body is not base64; send the DER of a PKCS#10 request in base64 "
                + "(openssl req -outform DER | openssl base64)";
        String empty = "the request body is empty; send a base64-encoded PKCS#10 request "
                + "(Content-Type: application/pkcs10, Content-Transfer-Encoding: base64)";
        String csrBase64 = Base64.getMimeEncoder().encodeToString(derOf(CSR));
        return Stream.of(
                est("simpleenroll body not base64", estBody(As.ADMIN, enroll, "!!!!"), new EstText(400, notBase64)),
                est("simpleenroll base64 with padding inside", estBody(As.ADMIN, enroll, "QUJD=QUJD"), new EstText(400, notBase64)),
                est("simpleenroll base64 of bad length", estBody(As.ADMIN, enroll, "QUJDR"), new EstText(400, null)),
                est("simpleenroll base64 of 60 KB of random bytes", estBody(As.ADMIN, enroll,
                        Base64.getMimeEncoder().encodeToString(random(44_000))), new EstText(400, null)),
                est("simpleenroll base64 of DER nested 12000 levels deep", estBody(As.ADMIN, enroll,
                        Base64.getEncoder().encodeToString(nested(12_000))), new EstText(400, MALFORMED)),
                est("simpleenroll body over 64 KB", estBody(As.ADMIN, enroll, "A".repeat(70_000)), new EstText(413, TOO_LARGE)),
                est("simpleenroll empty body", estBody(As.ADMIN, enroll, ""), new EstText(400, empty)),
                est("simpleenroll label of 5000 characters", estBody(As.ADMIN, "/.well-known/est/" + "l".repeat(5000)
                        + "/simpleenroll", csrBase64), new EstText(404, null)),
                est("simpleenroll Basic not base64", estBody(As.ANONYMOUS, enroll, csrBase64).header("Authorization",
                        "Basic !!!"), new EstChallenge()),
                est("simpleenroll Basic without a colon", estBody(As.ANONYMOUS, enroll, csrBase64).header("Authorization",
                        "Basic " + base64("no-colon")), new EstChallenge()),
                est("simpleenroll Basic of 6000 characters", estBody(As.ANONYMOUS, enroll, csrBase64).header("Authorization",
                        "Basic " + base64("u".repeat(2000) + ":" + "p".repeat(2000))), new EstText(401,
                        "the enrollment token is not in the form this server issues (<id>.<secret>)")),
                // EST takes tokens by HTTP Basic only: a bearer header is no credential there
                est("simpleenroll bearer of 7000 characters", estBody(As.ANONYMOUS, enroll, csrBase64).header("Authorization",
                        "Bearer " + "b".repeat(7000)), new EstChallenge()),
                est("simplereenroll body not base64", estBody(As.DEVICE, reenroll, "!!!!"), new EstText(400, notBase64)),
                est("simplereenroll base64 of 60 KB of random bytes", estBody(As.DEVICE, reenroll,
                        Base64.getMimeEncoder().encodeToString(random(44_000))), new EstText(400, null)),
                est("simplereenroll body over 64 KB", estBody(As.DEVICE, reenroll, "A".repeat(70_000)), new EstText(413, TOO_LARGE)),
                est("simplereenroll empty body", estBody(As.DEVICE, reenroll, ""), new EstText(400, empty)),
                est("serverkeygen body not base64", estBody(As.ADMIN, keygen, "!!!!"), new EstText(400, notBase64)),
                est("serverkeygen base64 of 60 KB of random bytes", estBody(As.ADMIN, keygen,
                        Base64.getMimeEncoder().encodeToString(random(44_000))), new EstText(400, null)),
                est("serverkeygen base64 of DER nested 12000 levels deep", estBody(As.ADMIN, keygen,
                        Base64.getEncoder().encodeToString(nested(12_000))), new EstText(400, MALFORMED)),
                est("serverkeygen body over 64 KB", estBody(As.ADMIN, keygen, "A".repeat(70_000)), new EstText(413, TOO_LARGE)),
                est("simpleenroll subject CN not UTF-8", estBody(As.ADMIN, enroll, base64Der(NOT_UTF8_CN)),
                        new EstText(400, "subject attribute CN is not valid UTF-8")),
                est("serverkeygen subject CN not UTF-8", estBody(As.ADMIN, keygen, base64Der(NOT_UTF8_CN)),
                        new EstText(400, "subject attribute CN is not valid UTF-8")),
                est("simplereenroll subject CN not UTF-8", estBody(As.DEVICE, reenroll, base64Der(NOT_UTF8_CN)),
                        new EstText(400, "subject attribute CN is not valid UTF-8")));
    }

    /** The four extensions policy reads, each of another ASN.1 type and empty, on each EST operation that takes a CSR. */
    Stream<Arguments> estExtensionValues() {
        return Stream.of("simpleenroll", "simplereenroll", "serverkeygen").flatMap(operation -> Stream.of(WRONG_TYPE, EMPTY)
                .flatMap(csrs -> csrs.entrySet().stream().map(e -> est(operation + " " + e.getKey()
                        + (csrs == EMPTY ? " that is empty" : " that is a UTF8String"),
                        estBody(operation.equals("simplereenroll") ? As.DEVICE : As.ADMIN, "/.well-known/est/" + operation,
                                base64Der(e.getValue())), new EstText(400, unreadable(e.getKey()))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"est", "estExtensionValues"})
    void estWhenInputIsHostileThenEstErrorAndNothingStored(String name, Call call, Expected expected) {
        check(call, expected);
    }

    // OCSP, on the plain HTTP port, sent raw: some of these paths are not valid URIs

    Stream<Arguments> ocsp() {
        return Stream.of(
                ocsp("POST with an empty body", "POST", "/ocsp", new byte[0], new OcspStatus(OCSPResp.MALFORMED_REQUEST)),
                ocsp("POST of 60 KB of random bytes", "POST", "/ocsp", random(60_000), new OcspStatus(OCSPResp.MALFORMED_REQUEST)),
                ocsp("POST of DER nested 16000 levels deep", "POST", "/ocsp", nested(16_000),
                        new OcspStatus(OCSPResp.MALFORMED_REQUEST)),
                ocsp("POST over 64 KB", "POST", "/ocsp", random(70_000), new HttpStatus(413)),
                ocsp("GET without a request", "GET", "/ocsp", null, new OcspStatus(OCSPResp.MALFORMED_REQUEST)),
                ocsp("GET of an empty request", "GET", "/ocsp/", null, new OcspStatus(OCSPResp.MALFORMED_REQUEST)),
                ocsp("GET not base64", "GET", "/ocsp/!!!!", null, new OcspStatus(OCSPResp.MALFORMED_REQUEST)),
                ocsp("GET with a malformed percent-escape", "GET", "/ocsp/%ZZ", null, new HttpStatus(400)),
                ocsp("GET with a lone percent", "GET", "/ocsp/MEIw%", null, new HttpStatus(400)),
                ocsp("GET of 6000 base64 characters of random bytes", "GET", "/ocsp/"
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(random(4500)), null,
                        new OcspStatus(OCSPResp.MALFORMED_REQUEST)),
                ocsp("GET of base64 of DER nested 1500 levels deep", "GET", "/ocsp/"
                        + Base64.getUrlEncoder().encodeToString(nested(1500)), null, new OcspStatus(OCSPResp.MALFORMED_REQUEST)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ocsp")
    void ocspWhenInputIsHostileThenOcspErrorStatusAndNothingStored(String name, String method, String path, byte[] body,
            Expected expected) throws Exception {
        Counts before = counts();
        RawHttp.Response response = RawHttp.send(plainHttpPort.port(), method, path, body);
        if (expected instanceof HttpStatus http) {
            assertThat(response.status()).isEqualTo(http.status());
            assertThat(new String(response.body(), StandardCharsets.ISO_8859_1)).doesNotContain("Exception")
                    .doesNotContain("\tat ");
        } else {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("application/ocsp-response");
            assertThat(new OCSPResp(response.body()).getStatus()).isEqualTo(((OcspStatus) expected).status());
        }
        assertThat(counts()).isEqualTo(before);
    }

    // the checks

    private void check(Call call, Expected expected) {
        Counts before = counts();
        HttpResponse<String> response = send(call);
        assertThat(response.statusCode()).as(response.body()).isLessThan(500);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (expected instanceof Problem p) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(p.status());
            assertThat(contentType).isEqualTo("application/problem+json");
            JsonNode problem = Json.parse(response.body());
            assertThat(problem.get("type").asText()).isEqualTo(p.type().type().toString());
            assertThat(problem.get("title").asText()).isEqualTo(p.title());
            assertThat(problem.get("status").asInt()).isEqualTo(p.status());
            if (p.detail() != null) {
                assertThat(problem.get("detail").asText()).isEqualTo(p.detail());
            } else {
                assertThat(problem.get("detail").asText()).isNotBlank();
            }
        } else if (expected instanceof EstText t) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(t.status());
            assertThat(contentType).startsWith("text/plain");
            if (t.detail() != null) {
                assertThat(response.body()).isEqualTo(t.detail() + "\n");
            } else {
                assertThat(response.body()).isNotBlank();
            }
        } else if (expected instanceof EstChallenge) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"hallmark-est\"");
            assertThat(response.body()).isEmpty();
        } else if (expected instanceof Ok) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(Json.parse(response.body()).get("items").isArray()).isTrue();
        } else {
            throw new IllegalArgumentException("not an answer of REST or EST: " + expected);
        }
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(counts()).isEqualTo(before);
    }

    /** What a request may not change when it is refused. */
    record Counts(long certificates, long tokens, long administrators, long revocations) {
    }

    private Counts counts() {
        long revoked = JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM revoked_certificate").query(Long.class).single();
        return new Counts(certificates.count(), tokens.count(), administrators.count(), revoked);
    }

    private HttpResponse<String> send(Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client().https(call.path()))
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        call.headers().forEach(request::header);
        return HallmarkClient.send(clients.get(call.as()), request.build());
    }

    // building requests

    private static Arguments rest(String name, Call call, Expected expected) {
        return arguments(name, call, expected);
    }

    private static Arguments est(String name, Call call, Expected expected) {
        return arguments(name, call, expected);
    }

    private static Arguments ocsp(String name, String method, String path, byte[] body, Expected expected) {
        return arguments(name, method, path, body, expected);
    }

    private static Problem problem(int status, ProblemType type, String detail) {
        return new Problem(status, type, type.title(), detail);
    }

    /** The answer of the security filter chain to a request without a usable credential. */
    private static Problem noCredential() {
        return new Problem(401, ProblemType.UNAUTHENTICATED, "A client certificate of this CA is required",
                "present an administrator's client certificate (curl --cert admin.crt --key admin.key)");
    }

    private static Call call(As as, String method, String path, String contentType, byte[] body) {
        return new Call(as, method, path, contentType, body, Map.of());
    }

    private static Call get(String path) {
        return call(As.ADMIN, "GET", path, null, null).header("Accept", "application/json");
    }

    private static Call post(String path, String json) {
        return call(As.ADMIN, "POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static Call json(String path, String json) {
        return post(path, json);
    }

    private static Call pkcs10(String path, String pem) {
        return call(As.ADMIN, "POST", path, "application/pkcs10", pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static Call der(String path, byte[] der) {
        return call(As.ADMIN, "POST", path, "application/pkcs10", der);
    }

    private static Call estBody(As as, String path, String base64) {
        return call(as, "POST", path, "application/pkcs10", base64.getBytes(StandardCharsets.US_ASCII))
                .header("Content-Transfer-Encoding", "base64");
    }

    private static String issueJson(String profile, String validityDays) {
        return "{\"csr\":" + Json.quote(CSR) + ",\"profile\":" + Json.quote(profile) + ",\"validityDays\":" + validityDays + "}";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** BER SEQUENCEs of indefinite length inside each other: 4 bytes a level, so deep nesting fits the body limit. */
    private static byte[] nested(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(depth * 4);
        for (int i = 0; i < depth; i++) {
            out.write(0x30);
            out.write(0x80);
        }
        for (int i = 0; i < depth; i++) {
            out.write(0);
            out.write(0);
        }
        return out.toByteArray();
    }

    private static String unreadable(String extension) {
        return "the CSR asks for " + extension + " with a value that is not one (empty or of another ASN.1 type)";
    }

    /** A CSR (PEM) of the device's name with one extension request of this raw value, for each extension policy reads. */
    private static Map<String, String> extensionCsrs(byte[] value) {
        Map<String, String> csrs = new LinkedHashMap<>();
        READ_EXTENSIONS.forEach((name, oid) -> {
            TestCsrs csr = TestCsrs.csr().subject("CN=" + DEVICE_CN).rawExtension(oid, false, value);
            csrs.put(name, (oid.equals(Extension.subjectAlternativeName) ? csr : csr.dns(DEVICE_CN)).pem());
        });
        return csrs;
    }

    private static ASN1Encodable utf8StringOf(byte[] content) {
        byte[] der = new byte[content.length + 2];
        der[0] = 0x0c;
        der[1] = (byte) content.length;
        System.arraycopy(content, 0, der, 2, content.length);
        try {
            return ASN1Primitive.fromByteArray(der);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String base64Der(String pem) {
        return Base64.getMimeEncoder().encodeToString(derOf(pem));
    }

    private static byte[] derOf(String pem) {
        String body = pem.lines().filter(l -> !l.startsWith("-----")).collect(Collectors.joining());
        return Base64.getDecoder().decode(body);
    }
}
