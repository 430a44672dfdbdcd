package dev.hallmark.migration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/** A database by its JDBC URL and credentials (either may be null: the URL's own, or none). */
record Database(String url, String user, String password) {

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            properties.setProperty("reWriteBatchedInserts", "true"); // a batch of inserts as one statement
        }
        return DriverManager.getConnection(url, properties);
    }

    /**
     * Flyway on this database as the service configures it: the same migrations, and a schema with migrations this
     * version does not know refused rather than ignored (StorageConfiguration).
     */
    Flyway flyway(String[] locations) {
        String vendor = url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
        String[] resolved = new String[locations.length];
        for (int i = 0; i < locations.length; i++) {
            resolved[i] = locations[i].replace("{vendor}", vendor);
        }
        return Flyway.configure().dataSource(url, user, password).locations(resolved)
                .ignoreMigrationPatterns(new String[0]).cleanDisabled(false).load();
    }

    /** The URL without a password it may carry. */
    String shown() {
        return url.replaceAll("([?&])password=[^&]*&?", "$1").replaceAll("[?&]$", "");
    }
}
