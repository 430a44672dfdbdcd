package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Spreads each certificate tally of {@code V14__Certificate_tallies} over 16 slots, so that concurrent issuances
 * stop queueing for one row. With one row per (status, profile, day) every completed certificate of the day locked
 * the same two rows until its transaction committed: under load most sessions of every node waited there
 * ({@code pg_stat_activity}: {@code Lock/transactionid} on the completing {@code UPDATE certificate}). Now a
 * transaction adds to the slot of its own connection (its backend pid on PostgreSQL, its thread on H2), so two
 * transactions meet on a row only when their connections share a slot. A count is the sum of its slots; the
 * readers already sum (storage/CertificateTallies), and a slot may go below zero when another slot holds the +1.
 *
 * <p>Existing counts stay in slot 0. Java rather than SQL because only PostgreSQL's trigger function changes; H2's
 * trigger is {@code dev.hallmark.storage.CertificateTallyTrigger}, which writes the slot itself.
 */
public class V18__Certificate_tally_slots extends BaseJavaMigration {

    private static final int SLOTS = 16;

    private static final String[][] TALLIES = {
        {"certificate_expiry_tally", "expiry_day"},
        {"certificate_creation_tally", "created_day"},
    };

    private static final String POSTGRESQL_ADD = """
            CREATE OR REPLACE FUNCTION certificate_tally_add(s VARCHAR, p VARCHAR, created TIMESTAMPTZ,
                    expires TIMESTAMPTZ, n BIGINT) RETURNS void LANGUAGE sql AS $$
                INSERT INTO certificate_expiry_tally AS t (status, profile, expiry_day, slot, certificates)
                VALUES (s, p, CAST(expires AT TIME ZONE 'UTC' AS DATE), pg_backend_pid() %% %1$d, n)
                ON CONFLICT (status, profile, expiry_day, slot)
                    DO UPDATE SET certificates = t.certificates + EXCLUDED.certificates;
                INSERT INTO certificate_creation_tally AS t (status, profile, created_day, slot, certificates)
                VALUES (s, p, CAST(created AT TIME ZONE 'UTC' AS DATE), pg_backend_pid() %% %1$d, n)
                ON CONFLICT (status, profile, created_day, slot)
                    DO UPDATE SET certificates = t.certificates + EXCLUDED.certificates;
            $$
            """.formatted(SLOTS);

    @Override
    public void migrate(Context context) throws Exception {
        boolean postgres = "PostgreSQL".equals(context.getConnection().getMetaData().getDatabaseProductName());
        try (Statement s = context.getConnection().createStatement()) {
            for (String[] tally : TALLIES) {
                String table = tally[0];
                s.execute("ALTER TABLE " + table + " ADD COLUMN slot SMALLINT DEFAULT 0 NOT NULL");
                s.execute("ALTER TABLE " + table + " DROP CONSTRAINT pk_" + table);
                s.execute("ALTER TABLE " + table + " ADD CONSTRAINT pk_" + table + " PRIMARY KEY (status, profile, "
                        + tally[1] + ", slot)");
            }
            if (postgres) {
                s.execute(POSTGRESQL_ADD);
            }
        }
    }
}
