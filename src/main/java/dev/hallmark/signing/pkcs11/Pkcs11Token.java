package dev.hallmark.signing.pkcs11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidParameterException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.login.FailedLoginException;

/**
 * One logged-in SunPKCS11 provider for the token that holds the CA keys. Every signature goes
 * through it: the provider pools its sessions, and PKCS#11 login is per application, not per
 * session, so concurrent signers share the one login and nothing logs in twice.
 *
 * <p>Keys are generated through a second provider per key label whose configuration gives the
 * generated objects their attributes: on the token, private, sensitive, never extractable, for
 * signing only, with {@code CKA_LABEL} and {@code CKA_ID} set to the label (SunPKCS11 sets
 * attributes of generated keys only from its configuration). Those providers find the token
 * logged in already and do not log in again.
 */
final class Pkcs11Token {

    /** A provider that generates keys under one label, with its key store for storing their certificates. */
    record Generator(Provider provider, KeyStore keyStore) {
    }

    private final Path library;
    private final String tokenLabel;
    private final long slot;
    private final char[] pin;
    private final Provider provider;
    private final Map<String, Generator> generators = new ConcurrentHashMap<>();
    private volatile KeyStore keyStore;

    private Pkcs11Token(Path library, String tokenLabel, long slot, char[] pin) {
        this.library = library;
        this.tokenLabel = tokenLabel;
        this.slot = slot;
        this.pin = pin.clone();
        this.provider = configure("hallmark", "");
        this.keyStore = loadKeyStore(provider);
    }

    /** Finds the token by its label and logs in; fails with one line when the token or the PIN is wrong. */
    static Pkcs11Token login(Path library, String tokenLabel, char[] pin) {
        long slot = TokenSlots.slotOf(library, tokenLabel);
        return new Pkcs11Token(library, tokenLabel, slot, pin);
    }

    Provider provider() {
        return provider;
    }

    String label() {
        return tokenLabel;
    }

    /** The token's key entries (private key with certificate), as of the last {@link #refresh}. */
    KeyStore keyStore() {
        return keyStore;
    }

    /** Reads the token's entries again, after a key and its certificate were stored. */
    void refresh() {
        keyStore = loadKeyStore(provider);
    }

    Generator generator(String keyLabel) {
        return generators.computeIfAbsent(keyLabel, label -> {
            Provider generating = configure("hallmark-generate", generationAttributes(label));
            return new Generator(generating, loadKeyStore(generating));
        });
    }

    private Provider configure(String name, String attributes) {
        String config = "--name = " + name + "\n"
                + "library = \"" + library + "\"\n"
                + "slot = " + slot + "\n"
                + attributes;
        try {
            return Security.getProvider("SunPKCS11").configure(config);
        } catch (ProviderException | InvalidParameterException e) {
            throw new TokenException("cannot open PKCS#11 token '" + tokenLabel + "' with " + library + ": "
                    + e.getMessage(), e);
        }
    }

    private KeyStore loadKeyStore(Provider from) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", from);
            store.load(null, pin.clone());
            return store;
        } catch (IOException e) {
            if (causedBy(e, FailedLoginException.class)) {
                throw new TokenException("wrong PIN for PKCS#11 token '" + tokenLabel + "' (HALLMARK_PKCS11_PIN)");
            }
            throw new TokenException("cannot log in to PKCS#11 token '" + tokenLabel + "': " + rootMessage(e), e);
        } catch (GeneralSecurityException e) {
            throw new TokenException("cannot read PKCS#11 token '" + tokenLabel + "': " + rootMessage(e), e);
        }
    }

    /** Attributes of keys generated under {@code keyLabel}: a CA key signs and does nothing else. */
    private static String generationAttributes(String keyLabel) {
        String label = "0h" + HexFormat.of().formatHex(keyLabel.getBytes(StandardCharsets.UTF_8));
        return "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_TOKEN = true\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n"
                + "  CKA_SIGN = true\n  CKA_DECRYPT = false\n  CKA_UNWRAP = false\n  CKA_DERIVE = false\n"
                + "  CKA_LABEL = " + label + "\n  CKA_ID = " + label + "\n}\n"
                + "attributes(generate, CKO_PUBLIC_KEY, *) = {\n"
                + "  CKA_TOKEN = true\n  CKA_VERIFY = true\n  CKA_ENCRYPT = false\n  CKA_WRAP = false\n"
                + "  CKA_LABEL = " + label + "\n  CKA_ID = " + label + "\n}\n";
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
