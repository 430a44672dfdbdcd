-- Audit events are written unchained in their caller's transaction and chained just after it commits
-- (storage/AuditRecords.chainPending, audit/AuditSequencer): until then an event has no place in the chain.
ALTER TABLE audit_event ALTER COLUMN sequence_number DROP NOT NULL;
ALTER TABLE audit_event ALTER COLUMN previous_hash DROP NOT NULL;
ALTER TABLE audit_event ALTER COLUMN hash DROP NOT NULL;
