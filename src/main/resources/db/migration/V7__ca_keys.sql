-- The CA in the database, where every node finds it (docs/cluster.md): each CA's certificate and,
-- for software keys, its private key as encrypted PKCS#8 PEM (PBES2, the CA password), exactly as
-- the key files in <data-dir>/ca were; NULL when the key stays in a PKCS#11 token. Rows are only
-- added, never replaced.
CREATE TABLE ca_key (
    issuer        VARCHAR(16)    NOT NULL PRIMARY KEY,
    certificate   BYTEA          NOT NULL,
    encrypted_key VARCHAR(16000),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row whose lock (SELECT ... FOR UPDATE) a starting node holds while it makes what only one node
-- may make: the CA and the first administrator, when several nodes start on an empty database.
CREATE TABLE startup_lock (
    name VARCHAR(32) NOT NULL PRIMARY KEY
);
INSERT INTO startup_lock (name) VALUES ('bootstrap');
