package dev.hallmark.bootstrap;

import dev.hallmark.command.CommandArguments;
import dev.hallmark.signing.CaImporter;
import dev.hallmark.signing.CaKeyFiles;
import dev.hallmark.signing.CaKeyException;
import dev.hallmark.signing.CaKeyStore;
import dev.hallmark.signing.CaPassword;
import dev.hallmark.signing.SoftwareKeySource;
import java.nio.file.Path;

/**
 * {@code import-ca --cert ca.pem --key ca.key [--key-password P]} or {@code import-ca --pkcs12 ca.p12
 * --key-password P}: makes an existing CA this service's root, before its first start. The data
 * directory and CA password come from {@code --data-dir}/HALLMARK_DATA_DIR and HALLMARK_CA_PASSWORD
 * (generated into {@code <data-dir>/ca/password} when unset). The first start moves the root into
 * the database (one that holds no CA yet) and creates the issuing CA under it.
 */
public final class ImportCaCommand {

    private ImportCaCommand() {
    }

    public static int run(String[] args) {
        CommandArguments options;
        try {
            options = CommandArguments.parse(args, "cert", "key", "key-password", "pkcs12");
        } catch (CommandArguments.UsageException e) {
            return usage(e.getMessage());
        }
        if (!options.settings().isEmpty()) {
            return usage("unexpected argument " + options.settings().get(0));
        }
        String dataDir = options.dataDir() != null ? options.dataDir() : env("HALLMARK_DATA_DIR", "./data");
        Path caDir = Path.of(dataDir).resolve("ca");
        char[] keyPassword = options.option("key-password") != null ? options.option("key-password").toCharArray() : null;
        try {
            if (new CaKeyFiles(caDir).holdsRoot()) {
                throw new CaKeyException("the data directory " + dataDir + " already holds a CA; import into an empty one");
            }
            CaPassword password = CaPassword.resolve(System.getenv("HALLMARK_CA_PASSWORD"), caDir.resolve("password"), true);
            CaImporter importer = new CaImporter(new CaKeyStore(SoftwareKeySource.in(caDir, password, 310_000)));
            String subject;
            if (options.option("pkcs12") != null) {
                subject = importer.importPkcs12(Path.of(options.option("pkcs12")), keyPassword == null ? new char[0] : keyPassword);
            } else if (options.option("cert") != null && options.option("key") != null) {
                subject = importer.importPem(Path.of(options.option("cert")), Path.of(options.option("key")), keyPassword);
            } else {
                return usage("give --cert and --key, or --pkcs12");
            }
            System.out.println("Imported root CA '" + subject + "' into " + caDir
                    + "; start the service on a database without a CA to move it there and create the issuing CA under it.");
            return 0;
        } catch (CaKeyException e) {
            System.err.println("import-ca: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(String problem) {
        System.err.println("import-ca: " + problem);
        System.err.println("usage: import-ca --cert ca.pem --key ca.key [--key-password P] [--data-dir DIR]");
        System.err.println("       import-ca --pkcs12 ca.p12 --key-password P [--data-dir DIR]");
        return 2;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
