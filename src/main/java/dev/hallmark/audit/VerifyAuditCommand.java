package dev.hallmark.audit;

import dev.hallmark.command.CommandArguments;
import dev.hallmark.storage.AuditRecords;
import dev.hallmark.storage.CaKeyRecords;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Function;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code verify-audit [--data-dir DIR] [--checkpoint FILE [--ca-file PEM]] [--spring.datasource.url=... ...]}:
 * recomputes the audit trail's hash chain in the service's database (H2 under the data directory while the
 * service is stopped, or PostgreSQL at any time) and prints {@code intact: N events, head H}, or
 * {@code broken:} and the first event that was changed, removed or reordered. With a signed checkpoint
 * kept elsewhere, it first checks the checkpoint's signature (against the CA certificates of
 * {@code --ca-file}, or the database's root CA), then that the trail still reaches the checkpoint's event
 * with the checkpoint's hash: a tail cut off together with the head row shows only so. It only reads.
 */
public final class VerifyAuditCommand {

    /** H2's "database may be already in use": the service (or another command) has the file open. */
    private static final int H2_DATABASE_IN_USE = 90020;

    private VerifyAuditCommand() {
    }

    /**
     * @param context starts the command's application context from Spring arguments ({@code --key=value})
     * @return 0 when intact, 1 when the chain is broken, 2 when it could not be checked (usage, database)
     */
    public static int run(String[] args, Function<String[], ConfigurableApplicationContext> context) {
        CommandArguments arguments;
        try {
            arguments = CommandArguments.parse(args, "checkpoint", "ca-file");
        } catch (CommandArguments.UsageException e) {
            return usage(e.getMessage());
        }
        Path checkpointFile = arguments.option("checkpoint") == null ? null : Path.of(arguments.option("checkpoint"));
        Path caFile = arguments.option("ca-file") == null ? null : Path.of(arguments.option("ca-file"));
        if (caFile != null && checkpointFile == null) {
            return usage("--ca-file checks a --checkpoint; give one");
        }
        Checkpoint checkpoint = null;
        if (checkpointFile != null) {
            try {
                checkpoint = new Checkpoint(checkpointFile, Files.readAllBytes(checkpointFile),
                        caFile == null ? null : certificates(caFile));
            } catch (IOException | CertificateException e) {
                return cannot("cannot read " + (e instanceof CertificateException ? "the CA certificates in " + caFile
                        : e.getMessage()));
            }
        }
        try (ConfigurableApplicationContext running = context.apply(arguments.springArgs())) {
            String url = running.getEnvironment().getProperty("spring.datasource.url", "");
            String missing = missingH2File(url);
            if (missing != null) {
                return cannot("no database at " + missing + ": give the service's data directory (--data-dir or"
                        + " HALLMARK_DATA_DIR) or its spring.datasource.url");
            }
            SignedCheckpoint.Verified signed = null;
            if (checkpoint != null) {
                try {
                    signed = checkpoint.verify(running.getBean(CaKeyRecords.class));
                } catch (IllegalArgumentException e) {
                    return cannot("the checkpoint " + checkpoint.file() + " is not to be trusted: " + e.getMessage());
                }
            }
            AuditRecords records = running.getBean(AuditRecords.class);
            SignedCheckpoint.Verified against = signed;
            String source = checkpoint == null ? null : "the checkpoint " + checkpoint.file();
            Verdict verdict = running.getBean(TransactionTemplate.class).execute(status -> walk(records, against, source));
            if (verdict.problem() != null) {
                System.out.println("broken: " + verdict.problem());
                return 1;
            }
            System.out.println("intact: " + verdict.check().events() + " events, head " + verdict.check().head());
            long pending = records.pending();
            if (pending > 0) {
                // written and committed, not chained: the service was stopped before its next pass
                System.out.println("not chained yet: " + pending + " events after the head; the service chains them"
                        + " when it runs");
            }
            if (signed != null) {
                CheckpointStatement said = signed.statement();
                System.out.println("checkpoint: event #" + said.sequence() + " with head " + said.head() + ", signed "
                        + said.time() + " by " + signed.signer() + ", is in the trail");
            }
            return 0;
        } catch (BadSqlGrammarException e) {
            return cannot("the database holds no chained audit trail: start this version of the service on it once"
                    + " (" + e.getSQLException().getMessage().lines().findFirst().orElse("") + ")");
        } catch (RuntimeException e) {
            return cannot(explain(e));
        }
    }

    private record Verdict(AuditChainCheck check, String problem) {
    }

    /** A checkpoint file as given, and the CA certificates of --ca-file (null: the database's root CA). */
    private record Checkpoint(Path file, byte[] content, Collection<X509Certificate> anchors) {

        SignedCheckpoint.Verified verify(CaKeyRecords caKeys) {
            Collection<X509Certificate> trusted = anchors;
            if (trusted == null) {
                byte[] root = caKeys.find("ROOT").map(CaKeyRecords.CaKeyRow::certificate)
                        .orElseThrow(() -> new IllegalArgumentException("the database holds no root CA to check it"
                                + " against; give --ca-file"));
                try {
                    trusted = certificates(new ByteArrayInputStream(root));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("the database's root CA certificate cannot be read");
                }
            }
            return SignedCheckpoint.verify(content, trusted);
        }
    }

    private static Verdict walk(AuditRecords records, SignedCheckpoint.Verified checkpoint, String source) {
        // the head row first: events appended while the walk runs come after it
        AuditRecords.Head head = records.head();
        AuditChainCheck check = checkpoint == null ? new AuditChainCheck(head.sequence())
                : new AuditChainCheck(head.sequence(), checkpoint.statement().sequence());
        records.forEachInOrder(0, check::accept);
        String problem = check.against("the chain's head row", head.sequence(), head.hash());
        if (problem == null && checkpoint != null) {
            problem = check.against(source, checkpoint.statement().sequence(), checkpoint.statement().head());
        }
        return new Verdict(check, problem);
    }

    private static Collection<X509Certificate> certificates(Path pem) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<X509Certificate> found = certificates(in);
            if (found.isEmpty()) {
                throw new CertificateException("no certificate");
            }
            return found;
        }
    }

    @SuppressWarnings("unchecked")
    private static Collection<X509Certificate> certificates(InputStream in) throws CertificateException {
        return (Collection<X509Certificate>) CertificateFactory.getInstance("X.509").generateCertificates(in);
    }

    private static String explain(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                return "the database is in use: stop the service first (with PostgreSQL it may keep running)";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "failed: " + message.lines().findFirst().orElse("");
    }

    /** H2 would create an empty database where none is, and call its empty trail intact. */
    private static String missingH2File(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return null;
        }
        String path = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        return Files.exists(Path.of(path + ".mv.db")) ? null : path + ".mv.db";
    }

    private static int cannot(String message) {
        System.err.println("verify-audit: " + message);
        return 2;
    }

    private static int usage(String problem) {
        System.err.println("verify-audit: " + problem);
        System.err.println("usage: verify-audit [--data-dir DIR] [--checkpoint FILE [--ca-file PEM]]"
                + " [--spring.datasource.url=URL ...]");
        return 2;
    }
}
