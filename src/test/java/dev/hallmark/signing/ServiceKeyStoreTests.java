package dev.hallmark.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.ServiceTest;
import dev.hallmark.support.SoftHsm;
import dev.hallmark.support.TestKeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The shared service's CA keys are where this test run puts them ({@link TestKeyStore}): software
 * keys encrypted in the database's {@code ca_key} table, or, in the {@code pkcs11-key-store}
 * execution, in the SoftHSM2 token with only the certificates in the database. So the issuance,
 * OCSP and CRL tests of that execution signed in the token.
 */
class ServiceKeyStoreTests extends ServiceTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    CaKeySource keys;

    @Test
    void caKeysWhenServiceRunsThenKeptWhereTheRunsKeyStoreSays() throws Exception {
        Map<String, byte[]> certificates = new HashMap<>();
        Map<String, String> encryptedKeys = new HashMap<>();
        JdbcClient.create(dataSource).sql("SELECT role, certificate, encrypted_key FROM ca_key").query(rs -> {
            certificates.put(rs.getString(1), rs.getBytes(2));
            encryptedKeys.put(rs.getString(1), rs.getString(3));
        });
        assertThat(certificates).containsOnlyKeys("ROOT", "ISSUING");
        assertThat(certificates.get("ROOT")).isEqualTo(client().root().getEncoded());

        if (TestKeyStore.pkcs11()) {
            assertThat(keys.location()).isEqualTo("PKCS#11 token '" + TestKeyStore.TOKEN + "'");
            assertThat(encryptedKeys).containsEntry("ROOT", null).containsEntry("ISSUING", null);
            SoftHsm token = TestKeyStore.token();
            String objects = token.listObjects(TestKeyStore.TOKEN, TestKeyStore.PIN);
            assertThat(objects.split("\n(?=\\S)")).filteredOn(block -> block.startsWith("Private Key Object"))
                    .hasSize(2).allSatisfy(block -> assertThat(block)
                            .contains("Access:     sensitive, always sensitive, never extractable, local"));
            assertThat(tokenCertificate(token, "hallmark-root")).isEqualTo(certificates.get("ROOT"));
            assertThat(tokenCertificate(token, "hallmark-issuing")).isEqualTo(certificates.get("ISSUING"));
        } else {
            assertThat(encryptedKeys.values()).hasSize(2)
                    .allSatisfy(key -> assertThat(key).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        }
    }

    private static byte[] tokenCertificate(SoftHsm token, String label) throws Exception {
        Path file = Files.createTempFile(DATA_DIR, label, ".der");
        token.pkcs11Tool("--token-label", TestKeyStore.TOKEN, "--read-object", "--type", "cert", "--label", label,
                "--output-file", file.toString()).assertSuccess();
        return Files.readAllBytes(file);
    }
}
