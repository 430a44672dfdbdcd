package dev.hallmark.signing;

import dev.hallmark.crypto.CryptoProviders;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * A private key at rest: PKCS#8 encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), as PEM,
 * so that {@code openssl pkey -in file} can read it with the CA password and nothing else can.
 */
final class EncryptedKeyFile {

    private EncryptedKeyFile() {
    }

    static void write(Path file, PrivateKey key, char[] password, int iterations) {
        SecureFiles.writeSecret(file, encrypt(key, password, iterations, file.getFileName().toString())
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** The key as encrypted PKCS#8 PEM; {@code what} names it in errors. */
    static String encrypt(PrivateKey key, char[] password, int iterations, String what) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(iterations)
                    .setPassword(password)
                    .build();
            return Pem.encode(new JcaPKCS8Generator(key, encryptor).generate());
        } catch (OperatorCreationException | org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new CaKeyException("cannot encrypt the private key for " + what, e);
        }
    }

    static PrivateKey read(Path file, char[] password) {
        try {
            return decrypt(Files.readString(file, StandardCharsets.US_ASCII), password, file.toString());
        } catch (IOException e) {
            throw new CaKeyException("cannot read " + file, e);
        }
    }

    /** Decrypts encrypted PKCS#8 PEM; {@code what} names the key in errors (a file, a database row). */
    static PrivateKey decrypt(String pem, char[] password, String what) {
        // the decryptor looks its ciphers up by Bouncy Castle's names: make sure the providers are in place
        CryptoProviders.install();
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            parsed = parser.readObject();
        } catch (IOException e) {
            throw new CaKeyException("cannot read " + what, e);
        }
        if (!(parsed instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
            throw new CaKeyException(what + " does not hold an encrypted PKCS#8 private key");
        }
        PrivateKeyInfo info;
        try {
            info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().build(password));
        } catch (PKCSException e) {
            throw new CaKeyException("cannot decrypt " + what
                    + ": wrong CA password (HALLMARK_CA_PASSWORD or <data-dir>/ca/password)");
        } catch (OperatorCreationException e) {
            throw new CaKeyException("cannot decrypt " + what + ": " + e.getMessage(), e);
        }
        try {
            return fastProviderKey(info);
        } catch (IOException e) {
            throw new CaKeyException(what + " holds a key this service cannot use", e);
        }
    }

    /**
     * The key as an object of the signing provider, decoded by algorithm name (ACCP registers its
     * key factories by name, not by OID): a key of another provider is converted again on every
     * signature, ~10 µs per P-256 signature with ACCP.
     */
    private static PrivateKey fastProviderKey(PrivateKeyInfo info) throws IOException {
        try {
            return KeyFactory.getInstance(CryptoProviders.keyAlgorithmName(info.getPrivateKeyAlgorithm().getAlgorithm()),
                    CryptoProviders.signatures()).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException e) {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
    }
}
