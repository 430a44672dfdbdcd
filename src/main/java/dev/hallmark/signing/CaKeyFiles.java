package dev.hallmark.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * CA records as files in {@code <data-dir>/ca}: {@code root.crt} beside {@code root.key} (encrypted
 * PKCS#8 PEM), and the same for {@code issuing}. Installations from before the keys moved into the
 * database keep them here, and {@code import-ca} writes here; a start moves them into the database.
 */
public final class CaKeyFiles implements CaRecords {

    private final Path dir;

    public CaKeyFiles(Path dir) {
        this.dir = dir;
    }

    /** True when the directory holds a root CA key. */
    public boolean holdsRoot() {
        return Files.exists(keyFile(IssuerId.ROOT));
    }

    @Override
    public Optional<Stored> find(IssuerId id) {
        if (!Files.exists(certificateFile(id)) || !Files.exists(keyFile(id))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stored(CertificateFiles.readOne(Files.readAllBytes(certificateFile(id))),
                    Files.readString(keyFile(id), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new CaKeyException("cannot read the " + name(id) + " CA in " + dir, e);
        }
    }

    @Override
    public void insert(IssuerId id, Stored stored) {
        if (find(id).isPresent()) {
            throw new CaKeyException("a " + name(id) + " CA already exists in " + dir);
        }
        // key first: a certificate without its key is detected as an incomplete CA on the next start
        SecureFiles.writeSecret(keyFile(id), stored.encryptedKey().getBytes(StandardCharsets.US_ASCII));
        SecureFiles.writePublic(certificateFile(id),
                Pem.certificate(Pem.encoded(stored.certificate())).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String location() {
        return dir.toString();
    }

    private Path certificateFile(IssuerId id) {
        return dir.resolve(name(id) + ".crt");
    }

    private Path keyFile(IssuerId id) {
        return dir.resolve(name(id) + ".key");
    }

    private static String name(IssuerId id) {
        return id.name().toLowerCase(Locale.ROOT);
    }
}
