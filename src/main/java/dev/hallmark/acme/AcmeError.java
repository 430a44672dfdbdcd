package dev.hallmark.acme;

/** An error kept on an order or a challenge (RFC 8555 section 7.1.3, 7.1.5), shown to the client as a problem. */
public record AcmeError(AcmeProblem problem, String detail) {

    /** As stored: the problem name, a line break, the detail. */
    public String stored() {
        return problem.name() + "\n" + detail;
    }

    public static AcmeError parse(String stored) {
        if (stored == null) {
            return null;
        }
        int nl = stored.indexOf('\n');
        return nl < 0 ? new AcmeError(AcmeProblem.named(stored), "")
                : new AcmeError(AcmeProblem.named(stored.substring(0, nl)), stored.substring(nl + 1));
    }
}
