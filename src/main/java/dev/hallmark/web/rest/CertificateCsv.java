package dev.hallmark.web.rest;

import dev.hallmark.inventory.CertificateView;
import java.util.List;

/** RFC 4180 CSV of certificates, for audits and spreadsheets. */
final class CertificateCsv {

    private CertificateCsv() {
    }

    static String write(List<CertificateView> items) {
        StringBuilder out = new StringBuilder(
                "serial,subject,sans,profile,status,notBefore,notAfter,revokedAt,revocationReason,requester,fingerprintSha256\r\n");
        for (CertificateView c : items) {
            row(out, c.serial(), c.subject(), String.join(" ", c.sans()), c.profile(), c.status(), str(c.notBefore()),
                    str(c.notAfter()), str(c.revokedAt()), c.revocationReason(), c.requester(), c.fingerprintSha256());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(fields[i]));
        }
        out.append("\r\n");
    }

    private static String quote(String field) {
        if (field == null) {
            return "";
        }
        // a leading = + - @ would be run as a formula by spreadsheets (CSV injection)
        String safe = !field.isEmpty() && "=+-@".indexOf(field.charAt(0)) >= 0 ? "'" + field : field;
        return safe.matches(".*[\",\r\n].*") || !safe.equals(field) ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
