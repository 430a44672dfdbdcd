package dev.hallmark.support;

import dev.hallmark.HallmarkApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * Runs {@code java -jar hallmark.jar <command> ...} as a JVM of its own, with the test class path
 * in place of the jar, as an operator runs it on the CA's host. The CA password and data directory
 * come only from the arguments, files and the environment given, never from this JVM's environment.
 */
public final class HallmarkCommand {

    private HallmarkCommand() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(Path workDir, String... args) {
        return run(workDir, Map.of(), args);
    }

    /** As {@link #run(Path, String...)}, with {@code environment} given to the command (a token's PIN). */
    public static Result run(Path workDir, Map<String, String> environment, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), HallmarkApplication.class.getName()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "command-", ".out");
            Path err = Files.createTempFile(workDir, "command-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("HALLMARK_CA_PASSWORD");
            builder.environment().remove("HALLMARK_DATA_DIR");
            builder.environment().remove("HALLMARK_PKCS11_PIN");
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(600, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                Assertions.fail("timed out: " + args[0] + "; see " + out + " and " + err);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
