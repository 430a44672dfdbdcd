package dev.hallmark.acme.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * CAA (RFC 8659 §3, §4): the relevant record set is the first non-empty CAA set found climbing from
 * the name towards the root (CNAMEs followed at each step). In it, a critical property of a tag the
 * CA does not know forbids issuance; for a wildcard the {@code issuewild} properties decide when
 * there are any, else {@code issue}; when that set has properties, one must name one of this CA's
 * identities. Parameters of RFC 8657 ({@code accounturi}, {@code validationmethods}) bind a record
 * to an account or a method that a CAA check made before issuance is not told, so a record carrying
 * them does not authorize (failing closed; docs/acme.md). A lookup that fails forbids too: only an
 * answer that there is no CAA allows.
 */
final class CaaChecker {

    private static final Set<String> KNOWN_TAGS = Set.of("issue", "issuewild", "iodef");

    private final DnsLookup dns;
    private final List<String> identities;

    CaaChecker(DnsLookup dns, List<String> identities) {
        this.dns = dns;
        this.identities = List.copyOf(identities);
    }

    void check(AcmeIdentifier identifier, boolean wildcard, Deadline deadline) throws ValidationException {
        if ("ip".equals(identifier.type())) {
            return;    // CAA is for domain names only (RFC 8738 §7)
        }
        if (!"dns".equals(identifier.type())) {
            throw new ValidationException(ValidationError.rejectedIdentifier, "identifiers of type \""
                    + identifier.type() + "\" have no CAA");
        }
        String shown = (wildcard ? "*." : "") + identifier.value();
        for (Name name = DnsLookup.name(identifier.value()); name.labels() > 1; name = new Name(name, 1)) {
            List<CAARecord> records = new ArrayList<>();
            for (Record record : dns.lookup(name, Type.CAA, deadline).records()) {
                records.add((CAARecord) record);
            }
            if (!records.isEmpty()) {
                decide(records, wildcard, shown, DnsLookup.text(name));
                return;
            }
        }
    }

    private void decide(List<CAARecord> records, boolean wildcard, String shown, String at) throws ValidationException {
        List<CAARecord> issue = new ArrayList<>();
        List<CAARecord> issuewild = new ArrayList<>();
        for (CAARecord record : records) {
            String tag = record.getTag().toLowerCase(Locale.ROOT);
            if ((record.getFlags() & 0x80) != 0 && !KNOWN_TAGS.contains(tag)) {
                throw new ValidationException(ValidationError.caa, "the CAA records at " + at + " have a critical"
                        + " property \"" + Http01Validator.printable(record.getTag()) + "\" that this CA does not"
                        + " understand, which forbids issuance for " + shown);
            }
            if (tag.equals("issue")) {
                issue.add(record);
            } else if (tag.equals("issuewild")) {
                issuewild.add(record);
            }
        }
        List<CAARecord> relevant = wildcard && !issuewild.isEmpty() ? issuewild : issue;
        if (relevant.isEmpty()) {
            return;    // nothing restricts who issues this kind of name
        }
        List<String> seen = new ArrayList<>();
        for (CAARecord record : relevant) {
            CaaIssueValue value = CaaIssueValue.parse(record.getValue());
            if (value != null && value.issuer() != null && identities.contains(value.issuer())
                    && !value.boundToAccountOrMethod()) {
                return;
            }
            seen.add(record.getTag() + " \"" + Http01Validator.printable(record.getValue()) + "\"");
        }
        boolean bound = relevant.stream().map(r -> CaaIssueValue.parse(r.getValue()))
                .anyMatch(v -> v != null && v.issuer() != null && identities.contains(v.issuer()) && v.boundToAccountOrMethod());
        throw new ValidationException(ValidationError.caa, "CAA at " + at + " does not allow "
                + String.join(" or ", identities) + " to issue for " + shown + ": " + String.join(", ", seen)
                + (bound ? " (accounturi and validationmethods are not checked by this CA, so a record carrying"
                        + " them does not authorize)" : ""));
    }
}
