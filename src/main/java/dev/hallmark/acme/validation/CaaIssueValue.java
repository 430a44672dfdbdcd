package dev.hallmark.acme.validation;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The value of a CAA {@code issue} or {@code issuewild} property (RFC 8659 §4.2):
 * {@code [issuer-domain-name] *(";" tag "=" value)}, whitespace allowed around the parts.
 *
 * @param issuer     the issuer domain name, lower case; null for a value that names none (";"), which allows no CA
 * @param parameters the parameters by lower-case tag
 */
record CaaIssueValue(String issuer, Map<String, String> parameters) {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9](-*[A-Za-z0-9])*");
    private static final Pattern DOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final Pattern PARAMETER = Pattern.compile("(" + LABEL + ")[ \\t]*=[ \\t]*([\\x21-\\x3a\\x3c-\\x7e]*)");

    CaaIssueValue {
        parameters = Map.copyOf(parameters);
    }

    /** @return the value, or null when it does not parse (such a record authorizes no CA) */
    static CaaIssueValue parse(String text) {
        int semicolon = text.indexOf(';');
        String domain = (semicolon < 0 ? text : text.substring(0, semicolon)).strip();
        if (!domain.isEmpty() && !DOMAIN.matcher(domain).matches()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (semicolon >= 0) {
            String rest = text.substring(semicolon + 1).strip();
            if (!rest.isEmpty()) {
                for (String part : rest.split(";", -1)) {
                    var matcher = PARAMETER.matcher(part.strip());
                    if (!matcher.matches()) {
                        return null;
                    }
                    parameters.put(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(3));
                }
            }
        }
        return new CaaIssueValue(domain.isEmpty() ? null : domain.toLowerCase(Locale.ROOT), parameters);
    }

    /** RFC 8657's parameters, which name the one account or validation methods that may use this record. */
    boolean boundToAccountOrMethod() {
        return parameters.containsKey("accounturi") || parameters.containsKey("validationmethods");
    }
}
