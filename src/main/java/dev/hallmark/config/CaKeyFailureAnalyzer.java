package dev.hallmark.config;

import dev.hallmark.signing.CaKeyException;
import dev.hallmark.signing.pkcs11.TokenException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a CA key problem (wrong password, mismatched key) into one clear start-up failure, not a stack trace. */
public class CaKeyFailureAnalyzer extends AbstractFailureAnalyzer<CaKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CaKeyException cause) {
        String check = cause instanceof TokenException
                ? "hallmark.ca.pkcs11.library, hallmark.ca.pkcs11.token-label and HALLMARK_PKCS11_PIN"
                : "HALLMARK_CA_PASSWORD (or <data-dir>/ca/password) and spring.datasource.url (the CA is in its"
                        + " table ca_key)";
        return new FailureAnalysis("Hallmark cannot use its CA: " + cause.getMessage(),
                "Nothing was created or changed. Check " + check + "; a new CA is never generated over an existing one.",
                cause);
    }
}
