package dev.hallmark.bootstrap;

import dev.hallmark.admin.AdministratorCredential;
import dev.hallmark.signing.SecureFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * An administrator's credential as files in {@code <data-dir>/bootstrap}, named after the
 * administrator: {@code <name>.p12} with {@code <name>.p12.password} for browsers, {@code <name>.crt}
 * (certificate then issuing CA) and {@code <name>.key} for curl; all mode 0600. The first
 * administrator is named {@code admin}, so its files are {@code admin.p12} and so on.
 */
public final class AdministratorFiles {

    private final Path dir;
    private final String name;

    public AdministratorFiles(Path bootstrapDir, String name) {
        this.dir = bootstrapDir;
        this.name = name;
    }

    public Path pkcs12() {
        return dir.resolve(name + ".p12");
    }

    public Path pkcs12Password() {
        return dir.resolve(name + ".p12.password");
    }

    public Path certificate() {
        return dir.resolve(name + ".crt");
    }

    public Path key() {
        return dir.resolve(name + ".key");
    }

    public List<Path> all() {
        return List.of(pkcs12(), pkcs12Password(), certificate(), key());
    }

    /** The files of this name that exist already. */
    public List<Path> existing() {
        return all().stream().filter(Files::exists).toList();
    }

    /** Writes the credential, which must carry its generated key. */
    public void write(AdministratorCredential credential) {
        if (credential.pkcs12Base64() == null || credential.privateKeyPem() == null) {
            throw new IllegalArgumentException("the credential of " + credential.name() + " has no generated key");
        }
        SecureFiles.writeSecret(pkcs12(), Base64.getDecoder().decode(credential.pkcs12Base64()));
        SecureFiles.writeSecret(pkcs12Password(), (credential.pkcs12Password() + "\n").getBytes(StandardCharsets.US_ASCII));
        SecureFiles.writeSecret(key(), credential.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
        SecureFiles.writeSecret(certificate(), credential.chainPem().getBytes(StandardCharsets.US_ASCII));
    }
}
