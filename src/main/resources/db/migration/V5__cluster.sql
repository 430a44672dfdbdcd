-- Several nodes on one database (docs/cluster.md): what they must agree on lives here.

-- ShedLock's table: a scheduled job marked @SchedulerLock runs on one node at a time. Times are
-- the database's (JdbcTemplateLockProvider.usingDbTime), so nodes' clocks need not agree.
CREATE TABLE shedlock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until TIMESTAMP(3) NOT NULL,
    locked_at  TIMESTAMP(3) NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);

-- Revocations are numbered per CA in the revoking transaction. The row stays locked from the
-- number's increment to the commit, so numbers are handed out in commit order and without gaps:
-- a node that reads N knows that every revocation numbered up to N is committed and visible.
-- CRLs record the number they cover; nodes poll it to drop stale OCSP answers and administrators.
CREATE TABLE revocation_sequence (
    issuer     VARCHAR(16) PRIMARY KEY,
    last_value BIGINT      NOT NULL
);
ALTER TABLE revoked_certificate ADD COLUMN revocation_number BIGINT;
UPDATE revoked_certificate SET revocation_number = id;
INSERT INTO revocation_sequence (issuer, last_value)
SELECT 'ROOT', COALESCE(MAX(id), 0) FROM revoked_certificate;
INSERT INTO revocation_sequence (issuer, last_value)
SELECT 'ISSUING', COALESCE(MAX(id), 0) FROM revoked_certificate;
ALTER TABLE revoked_certificate ALTER COLUMN revocation_number SET NOT NULL;
CREATE INDEX ix_revoked_certificate_number ON revoked_certificate (issuer, revocation_number);

-- Every signed CRL, signed once by one node (under the crl_number row's lock, which also hands out
-- its number) and served by every node from here: equal numbers are equal bytes on every node.
-- covers: the revocation_sequence value read before the CRL's rows, so it lists every revocation
-- numbered up to it.
CREATE TABLE crl (
    issuer      VARCHAR(16)  NOT NULL,
    crl_number  BIGINT       NOT NULL,
    this_update TIMESTAMP WITH TIME ZONE NOT NULL,
    next_update TIMESTAMP WITH TIME ZONE NOT NULL,
    entries     BIGINT       NOT NULL,
    der_size    BIGINT       NOT NULL,
    sha256      VARCHAR(64)  NOT NULL,
    covers      BIGINT       NOT NULL,
    signed_by   VARCHAR(255) NOT NULL,
    CONSTRAINT pk_crl PRIMARY KEY (issuer, crl_number)
);

-- A CRL's DER in parts of at most 1 MiB, so that neither writing nor reading a CRL of a million
-- entries holds it whole in memory.
CREATE TABLE crl_part (
    issuer     VARCHAR(16) NOT NULL,
    crl_number BIGINT      NOT NULL,
    part       INTEGER     NOT NULL,
    bytes      BYTEA       NOT NULL,
    CONSTRAINT pk_crl_part PRIMARY KEY (issuer, crl_number, part)
);
