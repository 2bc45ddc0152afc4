-- The SQL read model, first slice: the journal of postings and account balances (PostgreSQL).
-- Applied with search_path set to the read model's schema, so names are unqualified.
-- Written only by a projector (libs/read-model/src/sql), which moves its checkpoint in the same
-- transaction as the rows it writes, so each event is applied exactly once.
-- Money is integer pence (BIGINT); it leaves the read side as a decimal string.

-- The position of the last event each projector has applied (0: none yet).
CREATE TABLE projector_checkpoint (
  projector TEXT PRIMARY KEY,
  position BIGINT NOT NULL CHECK (position >= 0)
);

-- Every posting derived from agreement events, in log order.
CREATE TABLE journal_postings (
  position BIGINT NOT NULL,
  posting_index INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  agreement_id TEXT NOT NULL,
  period TEXT NOT NULL,
  posted_in TEXT NOT NULL,
  debit_account TEXT NOT NULL,
  credit_account TEXT NOT NULL,
  amount_pence BIGINT NOT NULL CHECK (amount_pence > 0),
  source TEXT NOT NULL,
  reference TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (position, posting_index)
);

CREATE INDEX journal_postings_by_agreement ON journal_postings (agreement_id, position, posting_index);

-- Per agreement and account: money in minus money out over every posting so far.
CREATE TABLE account_balances (
  agreement_id TEXT NOT NULL,
  account TEXT NOT NULL,
  balance_pence BIGINT NOT NULL,
  last_position BIGINT NOT NULL,
  PRIMARY KEY (agreement_id, account)
);
