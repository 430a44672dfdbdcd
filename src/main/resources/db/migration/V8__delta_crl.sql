-- Delta CRLs (RFC 5280 section 5.2.4) are stored beside the complete CRLs and numbered from the
-- same crl_number row, as RFC 5280 section 5.2.3 asks of complete and delta CRLs of one scope.
-- base_number: for a delta CRL, the number of the complete CRL it updates; NULL for a complete CRL.
ALTER TABLE crl ADD COLUMN base_number BIGINT;
CREATE INDEX ix_crl_kind ON crl (issuer, base_number, crl_number);
