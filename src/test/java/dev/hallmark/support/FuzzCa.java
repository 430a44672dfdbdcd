package dev.hallmark.support;

import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.CertificateAuthorities;
import dev.hallmark.signing.EncryptedKeyFiles;
import dev.hallmark.signing.IssuerId;
import dev.hallmark.signing.SigningKey;
import dev.hallmark.signing.SoftwareKeySource;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The fuzz targets' fixed root and issuing CA ({@code src/test/resources/fuzz/ca}, made by openssl with
 * {@code fuzz/make-seeds.sh}): fixed so that the committed seed requests name the issuer under test.
 */
public final class FuzzCa {

    private FuzzCa() {
    }

    /** The fixture CA in the software key store of {@code dir}, as the service keeps its CA. */
    public static Loaded load(Path dir) throws Exception {
        CaPassword password = CaPassword.resolve("fuzz-test-password", dir.resolve("password"), true);
        EncryptedKeyFiles keys = new EncryptedKeyFiles(dir, password, 10_000);
        SoftwareKeySource source = SoftwareKeySource.in(dir, password, 10_000);
        for (IssuerId id : IssuerId.values()) {
            String name = id == IssuerId.ROOT ? "root" : "issuing";
            X509CertificateHolder certificate = (X509CertificateHolder) pem(name + ".pem");
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) pem(name + ".key"));
            source.store(id, certificate, SigningKey.software(key,
                    new JcaX509CertificateConverter().getCertificate(certificate).getPublicKey()));
        }
        return new Loaded(new CaKeyStore(source).load(), keys);
    }

    /** The loaded CA and the encrypted key files beside it, where service credentials (the OCSP responder's) go. */
    public record Loaded(CertificateAuthorities authorities, EncryptedKeyFiles keyFiles) {
    }

    private static Object pem(String file) {
        try (Reader in = new InputStreamReader(FuzzCa.class.getResourceAsStream("/fuzz/ca/" + file), StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(in)) {
            return parser.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
