-- The SQL read model, second slice: what the report endpoints read at the head of the log
-- (PostgreSQL). Written by the same projector, in the same transaction as the journal, the
-- balances and the checkpoint. Money is integer pence.

-- Per agreement, account, the period a posting belongs to and the period it was posted in:
-- the net movement (in minus out). Balances at a business date, on either period basis, are
-- sums over this table.
CREATE TABLE account_period_totals (
  agreement_id TEXT NOT NULL,
  account TEXT NOT NULL,
  period TEXT NOT NULL,
  posted_in TEXT NOT NULL,
  amount_pence BIGINT NOT NULL,
  PRIMARY KEY (agreement_id, account, period, posted_in)
);

-- Account statements: one line per posting per side, with the account's balance after it.
-- The posting's details are in journal_postings under the same (position, posting_index).
CREATE TABLE statement_lines (
  agreement_id TEXT NOT NULL,
  account TEXT NOT NULL,
  position BIGINT NOT NULL,
  posting_index INTEGER NOT NULL,
  change_pence BIGINT NOT NULL,
  balance_pence BIGINT NOT NULL,
  PRIMARY KEY (agreement_id, account, position, posting_index)
);

-- Which agreement each case belongs to (from its ReferralRegistered event).
CREATE TABLE case_register (
  case_id TEXT PRIMARY KEY,
  agreement_id TEXT NOT NULL,
  position BIGINT NOT NULL
);

-- The events of each agreement and of its cases, in log order: the facts that provisional
-- (not yet closed) figures and out-of-area metrics are computed from, by the same domain rules
-- a period close uses. Data and metadata are the event's JSON, as recorded.
CREATE TABLE agreement_facts (
  agreement_id TEXT NOT NULL,
  position BIGINT NOT NULL,
  event_id TEXT NOT NULL,
  stream_id TEXT NOT NULL,
  revision BIGINT NOT NULL,
  event_type TEXT NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (agreement_id, position)
);
