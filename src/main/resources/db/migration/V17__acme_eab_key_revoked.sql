-- An administrator may revoke an EAB key that has not bound an account yet: it then binds none. The row
-- stays, so the list and the audit trail can say when and by whom.
ALTER TABLE acme_eab_key ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE acme_eab_key ADD COLUMN revoked_by VARCHAR(256);
