package dev.hallmark.policy;

import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Every size limit the registration authority puts on what a requester may ask for, in one place,
 * each with the reason it has this value. They are hard limits, not settings: they follow from the
 * standards and from the columns that store the result ({@code db/migration}), so anything within
 * them can be signed and stored, and anything beyond them is refused as
 * {@link Violation#LIMIT_EXCEEDED} with a message naming the limit, before a serial is reserved.
 */
public final class Limits {

    /**
     * Subject alternative names in one certificate or enrollment token. Public CAs stop at 100
     * (Let's Encrypt; Boulder's {@code maxNames}); a private CA has no better reason for more, and
     * each name costs every relying party a comparison.
     */
    public static final int MAX_SANS = 100;

    /** A common name: ub-common-name (RFC 5280 appendix A.1), also for a token's common name pattern. */
    public static final int MAX_COMMON_NAME_LENGTH = 64;

    /** A DNS name in text form: 255 octets on the wire less the length octets (RFC 1035 section 2.3.4). */
    public static final int MAX_DNS_NAME_LENGTH = 253;

    /** One label of a DNS name (RFC 1035 section 2.3.4, RFC 1123 section 2.1). */
    public static final int MAX_DNS_LABEL_LENGTH = 63;

    /** An e-mail address, in the subject or as rfc822Name: ub-emailaddress-length (RFC 5280 appendix A.1). */
    public static final int MAX_EMAIL_LENGTH = 255;

    /**
     * A URI subject alternative name. RFC 5280 sets no bound; 2048 is the SPIFFE ID limit (SPIFFE ID
     * specification section 2.3), the URI SAN most often met in mutual TLS.
     */
    public static final int MAX_URI_LENGTH = 2048;

    /** The subject as stored, in its RFC 4514 text form: the {@code certificate.subject} column (V1__core.sql). */
    public static final int MAX_SUBJECT_LENGTH = 1024;

    /**
     * The subject alternative names as stored and searched ({@code DNS:a, IP:b}): the
     * {@code certificate.sans} column (V1__core.sql). An enrollment token's patterns are stored one
     * per line in a column of the same size ({@code enrollment_token.sans}, V3__enrollment.sql).
     */
    public static final int MAX_SAN_TEXT_LENGTH = 4000;

    /**
     * A subject attribute for which RFC 5280 gives no upper bound of its own (domainComponent,
     * dnQualifier, names of X520name syntax up to ub-name 32768): the longest of the bounded
     * ones (ub-locality-name, ub-state-name, ub-pseudonym).
     */
    public static final int MAX_OTHER_ATTRIBUTE_LENGTH = 128;

    /** How much of a refused value a message quotes: enough to recognise it, not the whole request. */
    static final int QUOTE_LENGTH = 80;

    /** An upper bound and where it comes from. */
    record Bound(int length, String source) {
    }

    /** Upper bounds of subject attributes, RFC 5280 appendix A.1; country is exactly two letters (ISO 3166). */
    private static final Map<ASN1ObjectIdentifier, Bound> ATTRIBUTES = Map.of(
            BCStyle.CN, new Bound(MAX_COMMON_NAME_LENGTH, "RFC 5280 ub-common-name"),
            BCStyle.O, new Bound(64, "RFC 5280 ub-organization-name"),
            BCStyle.OU, new Bound(64, "RFC 5280 ub-organizational-unit-name"),
            BCStyle.L, new Bound(128, "RFC 5280 ub-locality-name"),
            BCStyle.ST, new Bound(128, "RFC 5280 ub-state-name"),
            BCStyle.C, new Bound(2, "RFC 5280 X520countryName, ISO 3166 alpha-2"),
            BCStyle.SERIALNUMBER, new Bound(64, "RFC 5280 ub-serial-number"),
            BCStyle.T, new Bound(64, "RFC 5280 ub-title"),
            BCStyle.PSEUDONYM, new Bound(128, "RFC 5280 ub-pseudonym"),
            BCStyle.EmailAddress, new Bound(MAX_EMAIL_LENGTH, "RFC 5280 ub-emailaddress-length"));

    private static final Bound OTHER_ATTRIBUTE = new Bound(MAX_OTHER_ATTRIBUTE_LENGTH,
            "RFC 5280 gives none; Hallmark's bound for attributes without one");

    private Limits() {
    }

    static Bound attribute(ASN1ObjectIdentifier type) {
        return ATTRIBUTES.getOrDefault(type, OTHER_ATTRIBUTE);
    }

    /** Refuses more than {@link #MAX_SANS} names; {@code what} says whose ("the CSR asks for", "sans lists"). */
    public static void checkSanCount(String what, int count) {
        if (count > MAX_SANS) {
            throw exceeded(what + " " + count + " subjectAltNames; at most " + MAX_SANS + " are allowed");
        }
    }

    /** Refuses a DNS name (or a {@code *.} pattern) over {@link #MAX_DNS_NAME_LENGTH} or with a label over {@link #MAX_DNS_LABEL_LENGTH}. */
    public static void checkDnsName(String what, String name) {
        if (name.length() > MAX_DNS_NAME_LENGTH) {
            throw exceeded(what + " '" + quote(name) + "' has " + name.length() + " characters; at most "
                    + MAX_DNS_NAME_LENGTH + " are allowed (RFC 1035 section 2.3.4)");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.length() > MAX_DNS_LABEL_LENGTH) {
                throw exceeded(what + " '" + quote(name) + "' has a label of " + label.length()
                        + " characters; at most " + MAX_DNS_LABEL_LENGTH + " are allowed (RFC 1035 section 2.3.4)");
            }
        }
    }

    /** Refuses a common name (or a pattern for one) over ub-common-name. */
    public static void checkCommonName(String what, String value) {
        Bound bound = ATTRIBUTES.get(BCStyle.CN);
        check(what + " '" + quote(value) + "'", value.codePointCount(0, value.length()), bound.length(), bound.source());
    }

    public static void checkEmail(String what, String address) {
        check(what + " '" + quote(address) + "'", address.length(), MAX_EMAIL_LENGTH, "RFC 5280 ub-emailaddress-length");
    }

    public static void checkUri(String what, String uri) {
        check(what + " '" + quote(uri) + "'", uri.length(), MAX_URI_LENGTH, "SPIFFE ID specification section 2.3");
    }

    /** Refuses SANs whose stored text (joined with {@code separator}) would not fit {@link #MAX_SAN_TEXT_LENGTH}. */
    public static void checkSanText(String what, List<String> names, String separator) {
        int length = String.join(separator, names).length();
        if (length > MAX_SAN_TEXT_LENGTH) {
            throw exceeded(what + " take " + length + " characters as stored; at most " + MAX_SAN_TEXT_LENGTH
                    + " are allowed");
        }
    }

    static void checkAttribute(ASN1ObjectIdentifier type, String shortName, String value) {
        Bound bound = attribute(type);
        check("subject attribute " + shortName, value.codePointCount(0, value.length()), bound.length(), bound.source());
    }

    static void checkSubjectText(String subject) {
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw exceeded("the subject takes " + subject.length() + " characters as stored (RFC 4514 form); at most "
                    + MAX_SUBJECT_LENGTH + " are allowed");
        }
    }

    /** A value for a message: control characters are replaced later; only the first {@link #QUOTE_LENGTH} characters. */
    public static String quote(String value) {
        if (value == null || value.length() <= QUOTE_LENGTH) {
            return value;
        }
        return value.substring(0, QUOTE_LENGTH) + "...";
    }

    private static void check(String what, int length, int max, String source) {
        if (length > max) {
            throw exceeded(what + " has " + length + " characters; at most " + max + " "
                    + (max == 1 ? "is" : "are") + " allowed (" + source + ")");
        }
    }

    private static PolicyViolationException exceeded(String message) {
        return new PolicyViolationException(Violation.LIMIT_EXCEEDED, message);
    }
}
