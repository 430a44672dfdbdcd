package dev.hallmark.acme.validation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * dns-01 (RFC 8555 §8.4): a TXT record at {@code _acme-challenge.<identifier>} (CNAMEs followed,
 * as for delegated challenge zones) must hold base64url(SHA-256(key authorization)); the strings
 * of one record are joined, as a resolver's client sees a long TXT value.
 */
final class Dns01Validator {

    static final String PREFIX = "_acme-challenge.";

    private final DnsLookup dns;

    Dns01Validator(DnsLookup dns) {
        this.dns = dns;
    }

    void validate(AcmeIdentifier identifier, String keyAuthorization, Deadline deadline) throws ValidationException {
        if (!"dns".equals(identifier.type())) {
            throw new ValidationException(ValidationError.rejectedIdentifier, "dns-01 validates dns identifiers only,"
                    + " not " + identifier.type() + " " + identifier.value());
        }
        Name name = DnsLookup.name(PREFIX + identifier.value());
        DnsLookup.Answer answer = dns.lookup(name, Type.TXT, deadline);
        if (answer.nxdomain()) {
            throw new ValidationException(ValidationError.dns, "NXDOMAIN looking up TXT for " + DnsLookup.text(name)
                    + via(name, answer));
        }
        if (answer.records().isEmpty()) {
            throw new ValidationException(ValidationError.unauthorized, "no TXT record at " + DnsLookup.text(name)
                    + via(name, answer));
        }
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(keyAuthorization));
        List<String> seen = new ArrayList<>();
        for (Record record : answer.records()) {
            String value = String.join("", ((TXTRecord) record).getStrings());
            if (value.equals(expected)) {
                return;
            }
            seen.add("\"" + Http01Validator.printable(value) + "\"");
        }
        throw new ValidationException(ValidationError.incorrectResponse, "no TXT record at " + DnsLookup.text(name)
                + via(name, answer) + " holds \"" + expected + "\"; found " + String.join(", ", seen));
    }

    private static String via(Name name, DnsLookup.Answer answer) {
        return answer.canonical().equals(name) ? "" : " (through its alias " + DnsLookup.text(answer.canonical()) + ")";
    }

    static byte[] sha256(String keyAuthorization) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(keyAuthorization.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
