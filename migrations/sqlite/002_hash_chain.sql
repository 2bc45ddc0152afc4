-- The tamper-evident hash chain (docs/integrity.md). Each event's SHA-256 of its canonical
-- form, and the hash of the previous event of its stream (NULL at revision 0). The writer
-- sets both in the same transaction as the event, reading the previous hash with the
-- revision check; `ledger verify` recomputes them. They live in columns rather than in the
-- metadata JSON so a verifier reads them without parsing, and reads present them as
-- `metadata.hashChain`.
--
-- Events recorded before this migration are sealed once, in the same transaction that applies
-- it (sqlite-migrations.ts), so a NULL hash afterwards can only mean an edit: verify reports
-- it as missing-chain.
ALTER TABLE events ADD COLUMN hash TEXT
  CHECK (hash IS NULL OR (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'));
ALTER TABLE events ADD COLUMN previous_hash TEXT
  CHECK (previous_hash IS NULL OR (length(previous_hash) = 64 AND previous_hash NOT GLOB '*[^0-9a-f]*'));
