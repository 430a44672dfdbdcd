package dev.hallmark.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hallmark.support.PolicyFuzzJudge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the registration authority's whole judgement of a CSR body (docs/fuzzing.md): decoding as
 * PEM or DER, key, proof of possession, requested extensions, subject, SANs, validity, under every
 * built-in profile and with and without an enrollment token's bounds. Whatever the bytes, the
 * answer is an approval that the CA can issue or a {@link PolicyViolationException} (the 4xx of every
 * front end), never another exception ({@link PolicyFuzzJudge}).
 *
 * <p>The seeds in {@code CsrPolicyFuzzTestsInputs} are real CSRs (openssl, keytool, Bouncy Castle,
 * python cryptography) in PEM and DER, valid and refused ones, and the findings of
 * {@link SignedCsrPolicyFuzzTests} ({@code fuzz/make_csr_seeds.py}).
 */
class CsrPolicyFuzzTests {

    private static PolicyFuzzJudge judge;

    @BeforeAll
    static void judge() throws Exception {
        judge = PolicyFuzzJudge.create();
    }

    @AfterAll
    static void removeAuthorities() {
        judge.close();
    }

    @FuzzTest(maxDuration = "20s")
    void evaluateWhenAnyBodyThenApprovedAndIssuableOrRefusedByName(byte[] body) {
        judge.judge(body);
    }
}
