-- The last CRL number used per CA ("ROOT", "ISSUING"). Numbers are taken from here before a CRL is
-- signed and committed at once, so a number is never reused, even after a crash or a restart.
CREATE TABLE crl_number (
    issuer      VARCHAR(16) PRIMARY KEY,
    last_number BIGINT      NOT NULL
);
INSERT INTO crl_number (issuer, last_number) VALUES ('ROOT', 0);
INSERT INTO crl_number (issuer, last_number) VALUES ('ISSUING', 0);

-- CRL generation pages through one CA's revoked certificates in id order (keyset paging).
CREATE INDEX ix_certificate_revoked ON certificate (status, issuer, id);
