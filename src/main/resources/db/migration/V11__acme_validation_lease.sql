-- A challenge in processing is held by the node running its validation until lease_until. A node that
-- stops or dies mid-validation leaves the lease to run out; then any node takes it over with one
-- conditional update (the lease still expired) and runs the validation again, so no challenge stays
-- processing forever and none is validated twice at once. lease_token tells the holder from a node
-- that took over: only the holder's result is recorded.
ALTER TABLE acme_challenge ADD COLUMN lease_token VARCHAR(32);
ALTER TABLE acme_challenge ADD COLUMN lease_holder VARCHAR(200);
ALTER TABLE acme_challenge ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_acme_challenge_lease ON acme_challenge (status, lease_until);
