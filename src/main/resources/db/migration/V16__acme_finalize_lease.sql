-- An order in processing is held by the finalize issuing its certificate until finalize_until, under a
-- random finalize_token, with the CSR it issues from. A node that dies between the claim (ready ->
-- processing) and the certificate leaves the lease to run out; then any node takes the order over with
-- one conditional update (still processing, the lease still run out) and issues from the stored CSR.
-- The issuing transaction first renews the lease under its own token, which locks the order's row until
-- it commits: a finalize whose lease was taken over signs nothing, so an order gets one certificate.
ALTER TABLE acme_order ADD COLUMN finalize_token VARCHAR(32);
ALTER TABLE acme_order ADD COLUMN finalize_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE acme_order ADD COLUMN finalize_csr BYTEA;
-- (an order left processing by an earlier version has no lease: it counts as run out)
CREATE INDEX ix_acme_order_finalize ON acme_order (status, finalize_until);
