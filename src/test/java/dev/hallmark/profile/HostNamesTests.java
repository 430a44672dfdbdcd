package dev.hallmark.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTests {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "web.example", "WEB.Example", "a-b.c-d.example", "1.example", "xn--bcher-kva.example"})
    void isValidWhenHostNameIsWellFormedThenTrue(String name) {
        assertThat(HostNames.isValid(name, false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "web.example.", ".web.example", "web..example", "-web.example", "web-.example",
        "bad_name.example", "web example", "wéb.example", "*.web.example", "*"})
    void isValidWhenNameIsMalformedOrWildcardWithoutPermissionThenFalse(String name) {
        assertThat(HostNames.isValid(name, false)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*.web.example", "*.a.b.example"})
    void isValidWhenWildcardIsAllowedAndTheWholeLeftLabelThenTrue(String name) {
        assertThat(HostNames.isValid(name, true)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*.example", "*", "w*.web.example", "web.*.example", "*.*.example", "**.web.example"})
    void isValidWhenWildcardIsAllowedButMisplacedOrTooBroadThenFalse(String name) {
        assertThat(HostNames.isValid(name, true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {63})
    void isValidWhenLabelHas63CharactersThenTrue(int length) {
        assertThat(HostNames.isValid("a".repeat(length) + ".example", false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {64})
    void isValidWhenLabelHas64CharactersThenFalse(int length) {
        assertThat(HostNames.isValid("a".repeat(length) + ".example", false)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"253, true", "254, false"})
    void isValidWhenNameLengthIsAtTheLimitThenOnly253Pass(int length, boolean valid) {
        // labels of 49 characters plus dots, trimmed to the exact length
        String name = ("a".repeat(49) + ".").repeat(6).substring(0, length - 1) + "a";
        assertThat(name).hasSize(length);
        assertThat(HostNames.isValid(name, false)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({
        "*, anything.example, true",
        "*.example.com, a.example.com, true",
        "*.example.com, a.b.example.com, true",
        "*.EXAMPLE.com, A.example.COM, true",
        "*.example.com, example.com, false",
        "*.example.com, badexample.com, false",
        "*.example.com, .example.com, false",
        "web.example, WEB.example, true",
        "web.example, www.web.example, false",
        "10.0.0.1, 10.0.0.1, true",
        "10.0.0.1, 10.0.0.10, false"})
    void matchesWhenPatternAndNameThenAnswersWhetherTheNameFallsUnder(String pattern, String name, boolean expected) {
        assertThat(HostNames.matches(pattern, name)).isEqualTo(expected);
    }
}
