package dev.hallmark.backup;

import dev.hallmark.audit.Actor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * How {@code java -jar hallmark.jar backup} reaches the running service, which holds the H2 database open (H2
 * admits one process; its AUTO_SERVER mode would listen on every interface): a Unix domain socket,
 * {@value #FILE} under the data directory, in a directory of mode 0700. Whoever may open it may read the data
 * directory already, CA password file included; nothing else can reach it. One request per connection, one line
 * each way: {@code backup <absolute path>}, answered {@code ok <path> <bytes>}, {@code refused <reason>} or
 * {@code failed <reason>}.
 */
public final class BackupSocket implements SmartLifecycle {

    /** Where the socket is, under the data directory. */
    public static final String FILE = "run/backup.sock";
    static final Actor ACTOR = new Actor("system:backup", "local");
    private static final Logger log = LoggerFactory.getLogger(BackupSocket.class);
    /** A request is one short line; a longer one is not a request of the command. */
    private static final int MAX_REQUEST = 8192;

    private final Path socket;
    private final DatabaseBackup backup;
    private volatile ServerSocketChannel server;

    public BackupSocket(Path dataDir, DatabaseBackup backup) {
        this.socket = dataDir.resolve(FILE).toAbsolutePath();
        this.backup = backup;
    }

    @Override
    public void start() {
        try {
            Path dir = socket.getParent();
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            // a socket file left by a service that did not stop cleanly: nothing listens on it
            Files.deleteIfExists(socket);
            ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            server = channel;
        } catch (IOException | RuntimeException e) {
            log.warn("online backup is not available: cannot listen on {}: {}", socket, e.getMessage());
            return;
        }
        Thread accept = new Thread(this::serve, "backup-socket");
        accept.setDaemon(true);
        accept.start();
    }

    private void serve() {
        ServerSocketChannel channel = server;
        while (channel != null && channel.isOpen()) {
            try (SocketChannel client = channel.accept()) {
                answer(client);
            } catch (IOException e) {
                if (channel.isOpen()) {
                    log.warn("backup request failed: {}", e.getMessage());
                }
            }
        }
    }

    private void answer(SocketChannel client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                StandardCharsets.UTF_8), MAX_REQUEST);
        OutputStream out = Channels.newOutputStream(client);
        String request = in.readLine();
        String reply;
        if (request == null || request.length() > MAX_REQUEST || !request.startsWith("backup /")) {
            reply = "refused the request is not 'backup <absolute path>'";
        } else {
            try {
                BackupFile made = backup.backupTo(Path.of(request.substring("backup ".length())), ACTOR);
                reply = "ok " + made.path() + " " + made.bytes();
            } catch (BackupRefusedException e) {
                reply = "refused " + e.getMessage();
            } catch (RuntimeException e) {
                log.error("backup failed", e);
                reply = "failed " + e.getMessage();
            }
        }
        out.write((reply.replaceAll("[\\r\\n]", " ") + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void stop() {
        ServerSocketChannel channel = server;
        server = null;
        if (channel != null) {
            try {
                channel.close();
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                log.warn("cannot remove {}: {}", socket, e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
