package dev.hallmark.acme.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The issue-value grammar of RFC 8659 §4.2, with the examples of RFC 8659 and RFC 8657. */
class CaaIssueValueTests {

    @Test
    void parseWhenDomainAloneThenIssuerWithoutParameters() {
        assertThat(CaaIssueValue.parse("ca.example.net")).isEqualTo(new CaaIssueValue("ca.example.net", Map.of()));
    }

    @Test
    void parseWhenParametersThenByLowerCaseTag() {
        assertThat(CaaIssueValue.parse("ca.example.net; account=230123"))
                .isEqualTo(new CaaIssueValue("ca.example.net", Map.of("account", "230123")));
        assertThat(CaaIssueValue.parse("example.net; accounturi=https://example.net/account/1234; "
                + "validationmethods=dns-01,http-01"))
                .satisfies(value -> {
                    assertThat(value.parameters()).containsEntry("accounturi", "https://example.net/account/1234")
                            .containsEntry("validationmethods", "dns-01,http-01");
                    assertThat(value.boundToAccountOrMethod()).isTrue();
                });
    }

    @Test
    void parseWhenSemicolonAloneOrEmptyThenNoIssuer() {
        assertThat(CaaIssueValue.parse(";").issuer()).isNull();
        assertThat(CaaIssueValue.parse("").issuer()).isNull();
        assertThat(CaaIssueValue.parse(" ; ").issuer()).isNull();
    }

    @Test
    void parseWhenMalformedThenNull() {
        assertThat(CaaIssueValue.parse("ca..example.net")).isNull();
        assertThat(CaaIssueValue.parse("-ca.example.net")).isNull();
        assertThat(CaaIssueValue.parse("ca.example.net; nokey")).isNull();
        assertThat(CaaIssueValue.parse("ca.example.net; k_y=v")).isNull();
        assertThat(CaaIssueValue.parse("ca.example.net; key=two words")).isNull();
    }
}
