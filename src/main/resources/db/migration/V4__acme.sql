-- ACME (RFC 8555) state. Everything lives here, not in a node's memory, so a restart loses
-- nothing and several nodes on one database serve the same accounts, orders and nonces.

-- A nonce is spent by deleting its row: only one request, on any node, can delete it.
CREATE TABLE acme_nonce (
    nonce      VARCHAR(32) NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_acme_nonce_expires ON acme_nonce (expires_at);

-- External account binding keys (RFC 8555 section 7.3.4), made by administrators. The HMAC key
-- is sealed with a key derived from the CA password; an account bound to a key may order only
-- the profiles and names the key allows (empty: any).
CREATE TABLE acme_eab_key (
    key_id        VARCHAR(32)   NOT NULL PRIMARY KEY,
    name          VARCHAR(128)  NOT NULL,
    hmac_sealed   VARCHAR(512)  NOT NULL,
    profiles      VARCHAR(1000) NOT NULL,
    name_patterns VARCHAR(4000) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(256)  NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE,
    account_id    VARCHAR(32),
    bound_at      TIMESTAMP WITH TIME ZONE
);

-- An account is its public key: the RFC 7638 thumbprint finds it, the JWK verifies its requests.
CREATE TABLE acme_account (
    id         VARCHAR(32)   NOT NULL PRIMARY KEY,
    thumbprint VARCHAR(64)   NOT NULL,
    jwk        VARCHAR(4000) NOT NULL,
    status     VARCHAR(16)   NOT NULL,
    contact    VARCHAR(4000) NOT NULL,
    eab_key_id VARCHAR(32),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uk_acme_account_thumbprint UNIQUE (thumbprint)
);

CREATE TABLE acme_order (
    id                 VARCHAR(32)   NOT NULL PRIMARY KEY,
    account_id         VARCHAR(32)   NOT NULL,
    status             VARCHAR(16)   NOT NULL,
    identifiers        VARCHAR(4000) NOT NULL,
    profile            VARCHAR(64)   NOT NULL,
    acme_profile       VARCHAR(64),
    replaces           VARCHAR(512),
    expires_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    error              VARCHAR(2000),
    certificate_serial VARCHAR(40),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_acme_order_account ON acme_order (account_id, created_at);
CREATE INDEX ix_acme_order_certificate ON acme_order (certificate_serial);

CREATE TABLE acme_authorization (
    id               VARCHAR(32)  NOT NULL PRIMARY KEY,
    account_id       VARCHAR(32)  NOT NULL,
    identifier_type  VARCHAR(8)   NOT NULL,
    identifier_value VARCHAR(253) NOT NULL,
    wildcard         BOOLEAN      NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_acme_authorization_reuse ON acme_authorization (account_id, identifier_type, identifier_value);

CREATE TABLE acme_order_authorization (
    order_id         VARCHAR(32) NOT NULL,
    authorization_id VARCHAR(32) NOT NULL,
    position         INT         NOT NULL,
    PRIMARY KEY (order_id, authorization_id)
);
CREATE INDEX ix_acme_order_authorization_authz ON acme_order_authorization (authorization_id);

CREATE TABLE acme_challenge (
    id               VARCHAR(32)   NOT NULL PRIMARY KEY,
    authorization_id VARCHAR(32)   NOT NULL,
    type             VARCHAR(16)   NOT NULL,
    token            VARCHAR(64)   NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    validated_at     TIMESTAMP WITH TIME ZONE,
    error            VARCHAR(2000)
);
CREATE INDEX ix_acme_challenge_authorization ON acme_challenge (authorization_id);
