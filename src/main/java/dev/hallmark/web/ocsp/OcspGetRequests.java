package dev.hallmark.web.ocsp;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * Reads the OCSP request from the path of a GET (RFC 6960 appendix A.1): the base64 of the DER,
 * URL-encoded or not. Clients differ: some percent-encode {@code /}, {@code +} and {@code =},
 * some send them raw (so the path may hold {@code //}), some use base64url, some drop padding,
 * and form-encoding turns {@code +} into a space. All of these decode to the same bytes.
 */
final class OcspGetRequests {

    private OcspGetRequests() {
    }

    /** @return the DER request, or an empty array when the text is not base64 */
    static byte[] decode(String rawPath) {
        String text = percentDecode(rawPath);
        if (text == null) {
            return new byte[0];
        }
        StringBuilder base64 = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '-' -> base64.append('+');
                case '_' -> base64.append('/');
                case ' ' -> base64.append('+');
                case '=', '\r', '\n' -> {
                    // padding is optional to the decoder; line breaks are not part of the data
                }
                default -> base64.append(c);
            }
        }
        try {
            return Base64.getDecoder().decode(base64.toString());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** Percent-decoding only: unlike URLDecoder, a raw {@code +} stays a plus. Null when malformed. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
