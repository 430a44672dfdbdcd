package dev.hallmark.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's SoftHSM2 as a PKCS#11 token store of its own: a configuration and token directory under
 * the given directory, handed to each process by {@code SOFTHSM2_CONF}. Tokens are initialised with
 * {@code softhsm2-util} and inspected with OpenSC's {@code pkcs11-tool}, as an operator would.
 * Without them (packages softhsm2, opensc) a test is skipped locally and fails in CI.
 */
public final class SoftHsm {

    public static final String SO_PIN = "87654321";

    private final Path dir;
    private final Path library;

    private SoftHsm(Path dir, Path library) {
        this.dir = dir;
        this.library = library;
    }

    public static SoftHsm create(Path dir) {
        Tools.require("softhsm2-util");
        Tools.require("pkcs11-tool");
        Path library = library();
        try {
            Files.createDirectories(dir.resolve("tokens"));
            Files.writeString(dir.resolve("softhsm2.conf"), "directories.tokendir = " + dir.resolve("tokens") + "\n"
                    + "objectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SoftHsm(dir, library);
    }

    /** The module, where Debian puts it. */
    public static Path library() {
        for (String candidate : new String[] {"/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"}) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("libsofthsm2.so is not installed; .ci/run must install softhsm2");
        }
        Assumptions.abort("libsofthsm2.so is not installed");
        return null;
    }

    public Path modulePath() {
        return library;
    }

    /** The environment a process needs to see these tokens. */
    public Map<String, String> environment() {
        return Map.of("SOFTHSM2_CONF", dir.resolve("softhsm2.conf").toString());
    }

    public void initToken(String label, String pin) {
        tool("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", pin)
                .assertSuccess();
    }

    /** {@code pkcs11-tool --list-objects} after logging in: labels, ids, usage and access flags of every object. */
    public String listObjects(String token, String pin) {
        return pkcs11Tool("--token-label", token, "--login", "--pin", pin, "--list-objects").assertSuccess().stdout();
    }

    public Tools.Result pkcs11Tool(String... arguments) {
        String[] command = new String[arguments.length + 3];
        command[0] = "pkcs11-tool";
        command[1] = "--module";
        command[2] = library.toString();
        System.arraycopy(arguments, 0, command, 3, arguments.length);
        return tool(command);
    }

    private Tools.Result tool(String... command) {
        return Tools.run(dir, environment(), null, command);
    }
}
