-- One-time enrollment tokens: only a SHA-256 hash of the secret is kept. A token is spent by a
-- conditional update inside the issuing transaction, so it yields at most one certificate.
CREATE TABLE enrollment_token (
    id                 VARCHAR(32)   NOT NULL PRIMARY KEY,
    secret_hash        VARCHAR(64)   NOT NULL,
    profile            VARCHAR(64)   NOT NULL,
    common_name        VARCHAR(256),
    sans               VARCHAR(4000) NOT NULL,
    state              VARCHAR(16)   NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by         VARCHAR(256)  NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at            TIMESTAMP WITH TIME ZONE,
    certificate_serial VARCHAR(40),
    revoked_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_enrollment_token_created ON enrollment_token (created_at);
