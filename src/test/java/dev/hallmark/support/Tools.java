package dev.hallmark.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs external tools (openssl, curl, nginx) for interop tests. A missing tool skips the test on
 * a developer's machine but fails it in CI ({@code CI=true}), where .ci/run installs every tool.
 */
public final class Tools {

    private Tools() {
    }

    public record Result(int exitCode, String stdout, String stderr) {

        public Result assertSuccess() {
            Assertions.assertEquals(0, exitCode, () -> "command failed: " + stderr + stdout);
            return this;
        }
    }

    public static void require(String tool) {
        boolean found = Path.of(tool).isAbsolute() && Files.isExecutable(Path.of(tool));
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        found |= Files.isExecutable(Path.of("/usr/sbin", tool));
        if (!found) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(tool + " is not installed; .ci/run must install it");
            }
            Assumptions.abort(tool + " is not installed");
        }
    }

    public static Result run(Path workDir, String... command) {
        return run(workDir, null, command);
    }

    public static Result run(Path workDir, byte[] stdin, String... command) {
        return run(workDir, Map.of(), stdin, command);
    }

    /** As {@link #run(Path, byte[], String...)}, with {@code environment} added to this JVM's. */
    public static Result run(Path workDir, Map<String, String> environment, byte[] stdin, String... command) {
        require(command[0]);
        try {
            List<String> cmd = new ArrayList<>(List.of(command));
            Path errFile = Files.createTempFile("tool-", ".err");
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectError(errFile.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin);
            }
            process.getOutputStream().close();
            var out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                Assertions.fail("timed out: " + cmd);
            }
            String err = Files.readString(errFile);
            Files.delete(errFile);
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), err);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
