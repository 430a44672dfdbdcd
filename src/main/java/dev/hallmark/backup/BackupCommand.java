package dev.hallmark.backup;

import dev.hallmark.command.CommandArguments;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * {@code backup --to FILE [--data-dir DIR] [--spring.datasource.url=... ...]}: an online backup of the H2 database
 * of the service running on this host, taken by the service itself (H2's {@code BACKUP TO}, a zip, mode 0600)
 * while it keeps serving, and audited there. The command only finds the service, through {@link BackupSocket}
 * under its data directory, and never opens the database. It refuses, before asking the service, a database that
 * is not H2 (PostgreSQL: pg_dump) and a file that exists. docs/operations.md has the restore drill.
 */
public final class BackupCommand {

    private BackupCommand() {
    }

    /**
     * @param settings starts a context that only reads the service's settings from Spring arguments
     * @return 0 when written, 1 when refused or failed, 2 for a usage error
     */
    public static int run(String[] args, Function<String[], ConfigurableApplicationContext> settings) {
        CommandArguments arguments;
        try {
            arguments = CommandArguments.parse(args, "to");
        } catch (CommandArguments.UsageException e) {
            return usage(e.getMessage());
        }
        String to = arguments.option("to");
        if (to == null || to.isBlank()) {
            return usage("give the backup file with --to");
        }
        Path target = Path.of(to).toAbsolutePath().normalize();
        String url;
        Path dataDir;
        try (ConfigurableApplicationContext context = settings.apply(arguments.springArgs())) {
            Environment environment = context.getEnvironment();
            url = environment.getProperty("spring.datasource.url", "");
            dataDir = Path.of(environment.getRequiredProperty("hallmark.data-dir")).toAbsolutePath();
        }
        if (!url.startsWith("jdbc:h2:")) {
            return fail(DatabaseBackup.notH2(url));
        }
        if (Files.exists(target)) {
            return fail(DatabaseBackup.exists(target));
        }
        Path socket = dataDir.resolve(BackupSocket.FILE);
        String reply;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer request = StandardCharsets.UTF_8.encode("backup " + target + "\n");
            while (request.hasRemaining()) {
                channel.write(request);
            }
            reply = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))
                    .readLine();
        } catch (IOException e) {
            return fail("no service answers on " + socket + " (" + e.getMessage() + "): this command asks the running"
                    + " service for the backup. With the service stopped, copy " + dataDir.resolve("db")
                    + " as it is (docs/operations.md)");
        }
        if (reply == null) {
            return fail("the service closed the connection without an answer; see its log");
        }
        if (reply.startsWith("ok ")) {
            String[] made = reply.substring(3).split(" (?=[0-9]+$)", 2);
            System.out.println("Backed up the database to " + made[0] + " (" + made[1] + " bytes, mode 0600),"
                    + " audited as " + BackupSocket.ACTOR.name() + ". It holds the CA keys encrypted under the CA"
                    + " password, which is not in it: keep the password apart (docs/operations.md).");
            return 0;
        }
        return fail(reply.startsWith("refused ") ? reply.substring("refused ".length()) : reply);
    }

    private static int fail(String message) {
        System.err.println("backup: " + message);
        return 1;
    }

    private static int usage(String problem) {
        System.err.println("backup: " + problem);
        System.err.println("usage: backup --to FILE [--data-dir DIR] [--spring.datasource.url=URL ...]");
        return 2;
    }
}
