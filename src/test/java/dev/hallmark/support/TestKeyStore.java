package dev.hallmark.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Where the CA keys of the shared {@link ServiceTest} service are: encrypted in the database
 * (software, the default), or, with {@code -Dhallmark.test.key-store=pkcs11} (the surefire
 * execution {@code pkcs11-key-store}), in a SoftHSM2 token initialised here once per test JVM,
 * so that the same issuance, OCSP and CRL tests run on both key stores. SoftHSM2 reads
 * {@code SOFTHSM2_CONF} once, when the JVM first loads it, so that execution sets it for the
 * JVM and the token is made where it points before any service starts.
 */
public final class TestKeyStore {

    public static final String TOKEN = "hallmark-tests";
    public static final String PIN = "13572468";

    private static SoftHsm hsm;

    private TestKeyStore() {
    }

    public static boolean pkcs11() {
        return "pkcs11".equals(System.getProperty("hallmark.test.key-store"));
    }

    /** The properties that put the service's CA keys into the token; none for software keys. */
    static void register(DynamicPropertyRegistry registry) {
        if (!pkcs11()) {
            return;
        }
        SoftHsm token = token();
        registry.add("hallmark.ca.key-store", () -> "pkcs11");
        registry.add("hallmark.ca.pkcs11.library", () -> token.modulePath().toString());
        registry.add("hallmark.ca.pkcs11.token-label", () -> TOKEN);
        registry.add("hallmark.ca.pkcs11.pin", () -> PIN);
    }

    /** The token of this JVM, made empty on first use. */
    public static synchronized SoftHsm token() {
        if (hsm == null) {
            String conf = System.getenv("SOFTHSM2_CONF");
            if (conf == null || !Path.of(conf).getFileName().toString().equals("softhsm2.conf")) {
                throw new IllegalStateException("hallmark.test.key-store=pkcs11 needs SOFTHSM2_CONF=<dir>/softhsm2.conf"
                        + " in the test JVM's environment (see the pkcs11-key-store execution in pom.xml)");
            }
            Path dir = Path.of(conf).toAbsolutePath().getParent();
            deleteRecursively(dir);
            hsm = SoftHsm.create(dir);
            hsm.initToken(TOKEN, PIN);
        }
        return hsm;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
