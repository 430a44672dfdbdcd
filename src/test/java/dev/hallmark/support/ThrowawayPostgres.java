package dev.hallmark.support;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of a test's own, which the test may stop and start again (the shared one of
 * {@code .ci/postgres.sh} serves other test classes): Debian's {@code initdb} and {@code pg_ctl} of
 * the highest installed version, a data directory under the given directory, a free port on
 * 127.0.0.1 only, user {@code hallmark} with password {@code hallmark}. PostgreSQL refuses to run
 * as root, so as root (as in CI) its tools run as the {@code postgres} user, which is given the
 * directory. Without the binaries (package postgresql) a test is skipped locally and fails in CI.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path dir;
    private final int port;
    private boolean running;
    private boolean closed;

    private ThrowawayPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** Makes a new cluster in {@code dir}/data and starts it; {@link #close()} stops it and deletes the data. */
    public static ThrowawayPostgres create(Path dir) {
        ThrowawayPostgres postgres = new ThrowawayPostgres(binaries(), dir, freePort());
        postgres.initdb();
        postgres.start();
        // a test JVM ended without @AfterAll must not leave a server behind
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "throwaway-postgres-" + postgres.port));
        return postgres;
    }

    /** The database {@code postgres}, which initdb makes; the whole server is the test's. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "hallmark", "hallmark");
    }

    /** Starts the server on its port and data directory, and waits until it accepts connections. */
    public synchronized void start() {
        pgCtl("start", "-w", "-l", dir.resolve("postgres.log").toString());
        running = true;
    }

    /** {@code pg_ctl stop -m fast}: open transactions are rolled back, every session ends, the port closes. */
    public synchronized void stop() {
        pgCtl("stop", "-w", "-m", "fast");
        running = false;
    }

    /** Stops the server if it runs and deletes its data; the log stays beside it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (running) {
            stop();
        }
        try (Stream<Path> files = Files.walk(data())) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void initdb() {
        try {
            if (asRoot()) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
            }
            Path password = Files.writeString(dir.resolve("password"), "hallmark\n");
            run("initdb", List.of("-D", data().toString(), "-U", "hallmark", "--pwfile=" + password,
                    "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"));
            Files.delete(password);
            // no Unix socket: the default directory is the shared server's and not writable by every user
            Files.writeString(data().resolve("postgresql.conf"), "listen_addresses = '127.0.0.1'\nport = " + port
                    + "\nunix_socket_directories = ''\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pgCtl(String... arguments) {
        List<String> all = new ArrayList<>(List.of("-D", data().toString()));
        all.addAll(List.of(arguments));
        run("pg_ctl", all);
    }

    private void run(String tool, List<String> arguments) {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(arguments);
        Tools.run(dir, command.toArray(String[]::new)).assertSuccess();
    }

    private Path data() {
        return dir.resolve("data");
    }

    private static boolean asRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** The bin directory of the highest PostgreSQL version installed the Debian way. */
    private static Path binaries() {
        List<Path> versions;
        try (Stream<Path> dirs = Files.isDirectory(VERSIONS) ? Files.list(VERSIONS) : Stream.empty()) {
            versions = dirs.filter(d -> d.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(d -> Files.isExecutable(d.resolve("bin/pg_ctl")) && Files.isExecutable(d.resolve("bin/initdb")))
                    .sorted(Comparator.comparingDouble(d -> Double.parseDouble(d.getFileName().toString())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (versions.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("PostgreSQL's server binaries are not in " + VERSIONS + "; .ci/run must install postgresql");
            }
            Assumptions.abort("PostgreSQL's server binaries are not in " + VERSIONS);
        }
        return versions.get(versions.size() - 1).resolve("bin");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
