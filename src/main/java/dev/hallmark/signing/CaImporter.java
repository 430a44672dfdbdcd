package dev.hallmark.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Collections;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Imports an existing CA as the root: the {@code ca.pem}/{@code ca.key} of the openssl recipe
 * (PKCS#1, SEC1 or PKCS#8 keys, plain or encrypted) or a PKCS#12 holding both. The key must match
 * the certificate and the certificate must be a CA; otherwise nothing is written.
 */
public final class CaImporter {

    private final CaKeyStore store;

    public CaImporter(CaKeyStore store) {
        this.store = store;
    }

    /** @return the imported certificate's subject */
    public String importPem(Path certificateFile, Path keyFile, char[] keyPassword) {
        X509CertificateHolder certificate;
        try {
            certificate = CertificateFiles.readOne(Files.readAllBytes(certificateFile));
        } catch (IOException e) {
            throw new CaKeyException("cannot read " + certificateFile + ": " + e.getMessage());
        }
        store.importRoot(certificate, readKey(keyFile, keyPassword));
        return certificate.getSubject().toString();
    }

    public String importPkcs12(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore p12 = KeyStore.getInstance("PKCS12");
            p12.load(in, password);
            for (String alias : Collections.list(p12.aliases())) {
                if (p12.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) p12.getKey(alias, password);
                    Certificate cert = p12.getCertificate(alias);
                    X509CertificateHolder holder = new X509CertificateHolder(cert.getEncoded());
                    store.importRoot(holder, key);
                    return holder.getSubject().toString();
                }
            }
            throw new CaKeyException(file + " holds no private key entry");
        } catch (IOException | GeneralSecurityException e) {
            throw new CaKeyException("cannot read PKCS#12 " + file + " (wrong password?): " + e.getMessage());
        }
    }

    static PrivateKey readKey(Path keyFile, char[] password) {
        Object parsed;
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            parsed = parser.readObject();
        } catch (IOException e) {
            throw new CaKeyException("cannot read " + keyFile + ": " + e.getMessage());
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (parsed instanceof PEMEncryptedKeyPair encrypted) {
                requirePassword(keyFile, password);
                return converter.getKeyPair(encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().build(password)))
                        .getPrivate();
            }
            if (parsed instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                requirePassword(keyFile, password);
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().build(password)));
            }
        } catch (CaKeyException e) {
            throw e;
        } catch (Exception e) {
            throw new CaKeyException("cannot decrypt " + keyFile + " (wrong --key-password?)");
        }
        throw new CaKeyException(keyFile + " does not hold a PEM private key");
    }

    private static void requirePassword(Path keyFile, char[] password) {
        if (password == null || password.length == 0) {
            throw new CaKeyException(keyFile + " is encrypted: give its password with --key-password");
        }
    }
}
