package dev.hallmark.web.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class OcspGetRequestsTests {

    private static final byte[] DER = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x30, 0x00}; // base64 "+/+/MAA="

    @Test
    void decodeWhenRawBase64WithSlashPlusAndPaddingThenBytes() {
        assertThat(Base64.getEncoder().encodeToString(DER)).isEqualTo("+/+/MAA=");
        assertThat(OcspGetRequests.decode("+/+/MAA=")).isEqualTo(DER);
    }

    @Test
    void decodeWhenPercentEncodedInAnyCaseThenSameBytes() {
        assertThat(OcspGetRequests.decode("%2B%2F%2b%2fMAA%3D")).isEqualTo(DER);
    }

    @Test
    void decodeWhenBase64UrlWithoutPaddingThenSameBytes() {
        assertThat(OcspGetRequests.decode("-_-_MAA")).isEqualTo(DER);
    }

    @Test
    void decodeWhenPlusBecameSpaceThenSameBytes() {
        assertThat(OcspGetRequests.decode("%20/%20/MAA=")).isEqualTo(DER);
    }

    @Test
    void decodeWhenNotBase64OrBrokenEscapeThenEmpty() {
        assertThat(OcspGetRequests.decode("not*base64")).isEmpty();
        assertThat(OcspGetRequests.decode("MAA%2")).isEmpty();
        assertThat(OcspGetRequests.decode("MAA%zz")).isEmpty();
    }
}
