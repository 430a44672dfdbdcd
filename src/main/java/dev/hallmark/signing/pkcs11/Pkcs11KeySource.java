package dev.hallmark.signing.pkcs11;

import dev.hallmark.signing.CaKeySource;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.KeyAlgorithm;
import dev.hallmark.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/**
 * CA keys in a PKCS#11 token (an HSM, or SoftHSM2): generated inside it, never extractable, each
 * stored with its certificate under a key label ({@code hallmark-root}, {@code hallmark-issuing} by
 * default); a later start finds them by those labels. A CA whose key and certificate were put into
 * the token beforehand (same {@code CKA_ID}) is taken over by configuring its label.
 */
public final class Pkcs11KeySource implements CaKeySource {

    /** Where the token is and which labels name the CA keys. */
    public record Settings(Path library, String tokenLabel, char[] pin, String rootKeyLabel, String issuingKeyLabel) {

        @Override
        public String toString() {
            return "Settings[library=" + library + ", tokenLabel=" + tokenLabel + ", pin=****, rootKeyLabel="
                    + rootKeyLabel + ", issuingKeyLabel=" + issuingKeyLabel + "]";
        }
    }

    private final Pkcs11Token token;
    private final Settings settings;

    private Pkcs11KeySource(Pkcs11Token token, Settings settings) {
        this.token = token;
        this.settings = settings;
    }

    /** Finds the token by label and logs in; a missing library or token, or a wrong PIN, fails here. */
    public static Pkcs11KeySource open(Settings settings) {
        if (settings.library() == null || settings.tokenLabel() == null || settings.tokenLabel().isBlank()) {
            throw new TokenException("hallmark.ca.key-store=pkcs11 needs hallmark.ca.pkcs11.library and"
                    + " hallmark.ca.pkcs11.token-label");
        }
        if (settings.pin() == null || settings.pin().length == 0) {
            throw new TokenException("no PIN for PKCS#11 token '" + settings.tokenLabel() + "': set HALLMARK_PKCS11_PIN");
        }
        return new Pkcs11KeySource(Pkcs11Token.login(settings.library(), settings.tokenLabel(), settings.pin()),
                settings);
    }

    @Override
    public boolean holds(IssuerId id) {
        try {
            return token.keyStore().isKeyEntry(label(id));
        } catch (GeneralSecurityException e) {
            throw new TokenException("cannot read PKCS#11 token '" + token.label() + "'", e);
        }
    }

    @Override
    public X509CertificateHolder certificate(IssuerId id) {
        try {
            Certificate certificate = token.keyStore().getCertificate(label(id));
            if (certificate == null) {
                throw new TokenException("PKCS#11 token '" + token.label() + "' has no certificate labelled '"
                        + label(id) + "'");
            }
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (GeneralSecurityException | IOException e) {
            throw new TokenException("cannot read the certificate '" + label(id) + "' from PKCS#11 token '"
                    + token.label() + "'", e);
        }
    }

    @Override
    public SigningKey key(IssuerId id) {
        try {
            Key key = token.keyStore().getKey(label(id), null);
            if (!(key instanceof PrivateKey privateKey)) {
                throw new TokenException("PKCS#11 token '" + token.label() + "' has no private key labelled '"
                        + label(id) + "'");
            }
            return new SigningKey(privateKey, publicKey(certificate(id)), token.provider());
        } catch (GeneralSecurityException e) {
            throw new TokenException("cannot open the key '" + label(id) + "' in PKCS#11 token '" + token.label()
                    + "'", e);
        }
    }

    @Override
    public SigningKey generate(IssuerId id, KeyAlgorithm algorithm) {
        Pkcs11Token.Generator generator = token.generator(label(id));
        KeyPair keys = algorithm.generate(generator.provider());
        return new SigningKey(keys.getPrivate(), keys.getPublic(), generator.provider());
    }

    /**
     * Stores the certificate beside a key that {@link #generate} made in the token, under the key's
     * label; the key itself never moves. A key from elsewhere (a software key being imported) is
     * refused: put it into the token with the HSM's own tools and configure its label instead.
     */
    @Override
    public void store(IssuerId id, X509CertificateHolder certificate, SigningKey key) {
        Pkcs11Token.Generator generator = token.generator(label(id));
        if (key.provider() != generator.provider()) {
            throw new TokenException("a key made outside PKCS#11 token '" + token.label() + "' is not copied into it;"
                    + " put the key and its certificate into the token with its own tools and set"
                    + " hallmark.ca.pkcs11.root-key-label");
        }
        try {
            X509Certificate jca = new JcaX509CertificateConverter().getCertificate(certificate);
            KeyStore store = generator.keyStore();
            synchronized (store) {
                store.setKeyEntry(label(id), key.privateKey(), null, new Certificate[] {jca});
            }
        } catch (GeneralSecurityException e) {
            throw new TokenException("cannot store the certificate '" + label(id) + "' in PKCS#11 token '"
                    + token.label() + "'", e);
        }
        token.refresh();
    }

    @Override
    public String location() {
        return "PKCS#11 token '" + token.label() + "'";
    }

    private String label(IssuerId id) {
        return id == IssuerId.ROOT ? settings.rootKeyLabel() : settings.issuingKeyLabel();
    }

    private static java.security.PublicKey publicKey(X509CertificateHolder certificate) {
        try {
            return new JcaX509CertificateConverter().getCertificate(certificate).getPublicKey();
        } catch (CertificateException e) {
            throw new TokenException("CA certificate " + certificate.getSubject() + " cannot be parsed", e);
        }
    }
}
