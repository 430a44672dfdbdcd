package dev.hallmark.migration;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Copies the service's H2 database into an empty PostgreSQL database, all or nothing:
 * <ol>
 * <li>refuse a target schema that holds anything (nothing is written then), and a source whose schema is not this
 * version's or that holds no CA;</li>
 * <li>create the schema on the target with the service's own Flyway migrations;</li>
 * <li>in one transaction on the target: replace the rows the migrations seeded, copy every table of the source in
 * foreign-key order with the target's own triggers off (a tally a trigger keeps would otherwise count every copied
 * row on top of the copied tally), and move identity sequences past the copied ids;</li>
 * <li>read every table back from the target and compare its row count and checksum with the source's; commit only
 * when all are equal. Otherwise, and on any failure after step 2, roll back and drop what the migrations made, so
 * that the target is empty again.</li>
 * </ol>
 * Tables and columns come from the databases' metadata, not from a list here, so a migration that adds a table is
 * copied without a change to this class.
 */
final class DatabaseCopy {

    /** One copied table: its rows and checksum, equal in source and target. */
    record Copied(String table, long rows, String checksum) {
    }

    private static final String SCHEMA_HISTORY = "flyway_schema_history";
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final int BATCH = 500;
    /** A batch is also sent once its values reach this size: CRLs are stored in parts of up to 1 MiB. */
    private static final long BATCH_BYTES = 16L << 20;

    private record Table(String name, List<String> columns, List<ColumnKind> kinds, List<String> primaryKey) {

        String columnList() {
            return String.join(", ", columns);
        }
    }

    private final Database source;
    private final Database target;
    private final String[] migrations;

    DatabaseCopy(Database source, Database target, String[] migrations) {
        this.source = source;
        this.target = target;
        this.migrations = migrations;
    }

    List<Copied> run() throws SQLException {
        try (Connection to = target.connect()) {
            requireEmpty(to);
        }
        ValidateResult schema = source.flyway(migrations).validateWithResult();
        if (!schema.validationSuccessful) {
            throw new MigrationRefusedException("the H2 database's schema is not this version's (" + firstLine(
                    schema.getAllErrorMessages()) + "): start this version of the service on it once, stop it, then"
                    + " migrate; nothing was written");
        }
        try (Connection from = source.connect()) {
            from.setReadOnly(true);
            from.setAutoCommit(false);
            requireCa(from);
            try {
                target.flyway(migrations).migrate();
                try (Connection to = target.connect()) {
                    to.setAutoCommit(false);
                    try {
                        List<Copied> copied = copy(from, to);
                        to.commit();
                        return copied;
                    } catch (SQLException | RuntimeException e) {
                        to.rollback();
                        throw e;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                undoMigrations(e);
                throw e;
            }
        }
    }

    private List<Copied> copy(Connection from, Connection to) throws SQLException {
        Map<String, Table> tables = tables(from);
        Set<String> targetTables = tableNames(to);
        if (!targetTables.equals(tables.keySet())) {
            Set<String> onlySource = new TreeSet<>(tables.keySet());
            onlySource.removeAll(targetTables);
            Set<String> onlyTarget = new TreeSet<>(targetTables);
            onlyTarget.removeAll(tables.keySet());
            throw new MigrationRefusedException("the two schemas differ (only in H2: " + onlySource
                    + "; only in PostgreSQL: " + onlyTarget + "); nothing was kept");
        }
        List<String> order = foreignKeyOrder(to, tables.keySet());
        try (Statement s = to.createStatement()) {
            for (String table : order) {
                requireSameColumns(to, tables.get(table));
                // constraint triggers (foreign keys) stay on: they check the copy
                s.execute("ALTER TABLE " + table + " DISABLE TRIGGER USER");
            }
            List<String> reverse = new ArrayList<>(order);
            Collections.reverse(reverse);
            for (String table : reverse) {
                s.execute("DELETE FROM " + table); // rows the migrations seeded, replaced by the source's
            }
        }
        Map<String, TableDigest> copied = new HashMap<>();
        for (String table : order) {
            copied.put(table, copyRows(from, to, tables.get(table)));
        }
        try (Statement s = to.createStatement()) {
            for (String table : order) {
                s.execute("ALTER TABLE " + table + " ENABLE TRIGGER USER");
            }
        }
        resetSequences(to, tables.values());
        List<Copied> result = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (String table : order) {
            TableDigest expected = copied.get(table);
            TableDigest actual = digest(to, tables.get(table));
            if (!expected.matches(actual)) {
                differences.add(table + " (H2: " + expected.rows() + " rows, checksum " + expected.checksum()
                        + "; PostgreSQL: " + actual.rows() + " rows, checksum " + actual.checksum() + ")");
            }
            result.add(new Copied(table, expected.rows(), expected.checksum()));
        }
        if (!differences.isEmpty()) {
            throw new MigrationRefusedException("the copy differs from the H2 database in " + String.join(", ",
                    differences) + "; it was rolled back and the target is empty again");
        }
        return result;
    }

    private static TableDigest copyRows(Connection from, Connection to, Table table) throws SQLException {
        TableDigest digest = new TableDigest(table.kinds());
        String placeholders = String.join(", ", Collections.nCopies(table.columns().size(), "?"));
        String orderBy = table.primaryKey().isEmpty() ? "" : " ORDER BY " + String.join(", ", table.primaryKey());
        try (Statement read = from.createStatement();
                PreparedStatement insert = to.prepareStatement("INSERT INTO " + table.name() + " ("
                        + table.columnList() + ") VALUES (" + placeholders + ")")) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery("SELECT " + table.columnList() + " FROM " + table.name() + orderBy)) {
                int pending = 0;
                long bytes = 0;
                while (rs.next()) {
                    Object[] row = readRow(rs, table);
                    digest.add(row);
                    for (int i = 0; i < row.length; i++) {
                        table.kinds().get(i).write(insert, i + 1, row[i]);
                        bytes += row[i] instanceof byte[] b ? b.length : row[i] instanceof String t ? t.length() : 8;
                    }
                    insert.addBatch();
                    if (++pending == BATCH || bytes >= BATCH_BYTES) {
                        insert.executeBatch();
                        pending = 0;
                        bytes = 0;
                    }
                }
                if (pending > 0) {
                    insert.executeBatch();
                }
            }
        }
        return digest;
    }

    private static TableDigest digest(Connection connection, Table table) throws SQLException {
        TableDigest digest = new TableDigest(table.kinds());
        try (Statement read = connection.createStatement()) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery("SELECT " + table.columnList() + " FROM " + table.name())) {
                while (rs.next()) {
                    digest.add(readRow(rs, table));
                }
            }
        }
        return digest;
    }

    private static Object[] readRow(ResultSet rs, Table table) throws SQLException {
        Object[] row = new Object[table.columns().size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = table.kinds().get(i).read(rs, i + 1);
        }
        return row;
    }

    /** Identity columns were copied with their values: their sequences must hand out the next ones. */
    private static void resetSequences(Connection to, Iterable<Table> tables) throws SQLException {
        try (PreparedStatement find = to.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
            for (Table table : tables) {
                for (String column : table.columns()) {
                    find.setString(1, table.name());
                    find.setString(2, column);
                    String sequence;
                    try (ResultSet rs = find.executeQuery()) {
                        rs.next();
                        sequence = rs.getString(1);
                    }
                    if (sequence != null) {
                        try (PreparedStatement set = to.prepareStatement("SELECT setval(?::regclass, (SELECT"
                                + " COALESCE(MAX(" + column + "), 0) + 1 FROM " + table.name() + "), false)")) {
                            set.setString(1, sequence);
                            set.executeQuery().close();
                        }
                    }
                }
            }
        }
    }

    private static void requireEmpty(Connection to) throws SQLException {
        if (!"PostgreSQL".equals(to.getMetaData().getDatabaseProductName())) {
            throw new MigrationRefusedException("the target is " + to.getMetaData().getDatabaseProductName()
                    + ", not PostgreSQL");
        }
        try (Statement s = to.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema(), (SELECT"
                + " string_agg(relname, ', ' ORDER BY relname) FROM pg_class WHERE relnamespace = (SELECT oid FROM"
                + " pg_namespace WHERE nspname = current_schema()) AND relkind IN ('r', 'p', 'v', 'm', 'S', 'f'))")) {
            rs.next();
            if (rs.getString(1) == null) {
                throw new MigrationRefusedException("the target has no schema to copy into (the URL's currentSchema"
                        + " does not exist, or the user may not use it); nothing was written");
            }
            if (rs.getString(2) != null) {
                throw new MigrationRefusedException("the target is not empty: schema " + rs.getString(1) + " holds "
                        + rs.getString(2) + ". migrate-db copies into an empty database only; nothing was written");
            }
        }
    }

    /** A copy without the CA would have the first node on PostgreSQL make a new one. */
    private static void requireCa(Connection from) throws SQLException {
        try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ca_key")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                throw new MigrationRefusedException("the H2 database holds no CA: start this version of the service"
                        + " on it once (it moves the CA from the data directory's key files into the database), stop"
                        + " it, then migrate; nothing was written");
            }
        }
    }

    private void undoMigrations(Exception cause) {
        try {
            target.flyway(migrations).clean(); // the schema was empty: everything in it is the migrations'
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static Map<String, Table> tables(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        Map<String, Table> tables = new TreeMap<>();
        for (String name : tableNames(connection)) {
            List<String> columns = new ArrayList<>();
            List<ColumnKind> kinds = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, connection.getSchema(), stored(meta, name), null)) {
                while (rs.next()) {
                    columns.add(plain(rs.getString("COLUMN_NAME")));
                    kinds.add(ColumnKind.of(rs.getInt("DATA_TYPE")));
                }
            }
            Map<Integer, String> key = new TreeMap<>();
            try (ResultSet rs = meta.getPrimaryKeys(null, connection.getSchema(), stored(meta, name))) {
                while (rs.next()) {
                    key.put(rs.getInt("KEY_SEQ"), plain(rs.getString("COLUMN_NAME")));
                }
            }
            tables.put(name, new Table(name, List.copyOf(columns), List.copyOf(kinds), List.copyOf(key.values())));
        }
        return tables;
    }

    private static void requireSameColumns(Connection to, Table table) throws SQLException {
        DatabaseMetaData meta = to.getMetaData();
        Set<String> columns = new TreeSet<>();
        try (ResultSet rs = meta.getColumns(null, to.getSchema(), table.name(), null)) {
            while (rs.next()) {
                columns.add(plain(rs.getString("COLUMN_NAME")));
            }
        }
        if (!columns.equals(new TreeSet<>(table.columns()))) {
            throw new MigrationRefusedException("the two schemas differ in table " + table.name() + " (H2: "
                    + new TreeSet<>(table.columns()) + "; PostgreSQL: " + columns + "); nothing was kept");
        }
    }

    /** The tables of the connection's schema but Flyway's history, by their lower-case names. */
    private static Set<String> tableNames(Connection connection) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, connection.getSchema(), null,
                new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = plain(rs.getString("TABLE_NAME"));
                if (!name.equals(SCHEMA_HISTORY)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Referenced tables before the tables that reference them; otherwise by name. */
    private static List<String> foreignKeyOrder(Connection to, Set<String> tables) throws SQLException {
        Map<String, Set<String>> references = new TreeMap<>();
        for (String table : tables) {
            Set<String> referenced = new HashSet<>();
            try (ResultSet rs = to.getMetaData().getImportedKeys(null, to.getSchema(), table)) {
                while (rs.next()) {
                    String parent = plain(rs.getString("PKTABLE_NAME"));
                    if (!parent.equals(table) && tables.contains(parent)) {
                        referenced.add(parent);
                    }
                }
            }
            references.put(table, referenced);
        }
        List<String> order = new ArrayList<>();
        while (!references.isEmpty()) {
            String next = references.entrySet().stream().filter(e -> order.containsAll(e.getValue()))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new MigrationRefusedException("the foreign keys between " + references.keySet()
                            + " form a cycle; nothing was kept"));
            order.add(next);
            references.remove(next);
        }
        return order;
    }

    /** A name as this class writes it in SQL: lower case, unquoted; anything else is refused rather than quoted. */
    private static String plain(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!PLAIN_NAME.matcher(lower).matches()) {
            throw new MigrationRefusedException("the name " + name + " is not a plain SQL name; nothing was kept");
        }
        return lower;
    }

    /** A lower-case name as the database's metadata stores it (H2: upper case). */
    private static String stored(DatabaseMetaData meta, String name) throws SQLException {
        return meta.storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").trim();
    }
}
