-- The console's dashboard counts certificates issued per day, and certificate lists sort newest first by default:
-- both read created_at, which had no index.
CREATE INDEX ix_certificate_created ON certificate (created_at);
