-- The SQL read model, third slice: the lists behind GET /v1/agreements and GET /v1/cases
-- (SQLite). Written by the same projector, in the same transaction as the other tables and the
-- checkpoint. Text sorts in BINARY (code-point) order, as PostgreSQL's COLLATE "C".

-- One row per agreement: its terms as created. Lists are sorted by (financial_year,
-- agreement_id); each filter has an index that serves it in that order.
CREATE TABLE agreements_list (
  agreement_id TEXT PRIMARY KEY,
  financial_year TEXT NOT NULL,
  commissioner_code TEXT NOT NULL,
  lead_provider_code TEXT NOT NULL,
  -- JSON arrays of strings, as the event holds them.
  partner_provider_codes TEXT NOT NULL,
  service_lines TEXT NOT NULL,
  savings_horizon_days INTEGER NOT NULL,
  position INTEGER NOT NULL
) STRICT;

CREATE INDEX agreements_list_by_year ON agreements_list (financial_year, agreement_id);
CREATE INDEX agreements_list_by_lead ON agreements_list (lead_provider_code, financial_year, agreement_id);
CREATE INDEX agreements_list_by_commissioner ON agreements_list (commissioner_code, financial_year, agreement_id);

-- Who is party to each agreement, and how: what a caller's scope is checked against.
CREATE TABLE agreement_parties (
  organisation_code TEXT NOT NULL,
  agreement_id TEXT NOT NULL,
  party TEXT NOT NULL CHECK (party IN ('commissioner', 'lead', 'partner')),
  PRIMARY KEY (organisation_code, agreement_id, party)
) STRICT, WITHOUT ROWID;

-- One row per case: its referral, whether discharged, and its open placement (null columns
-- when none is open). Money is integer pence. Sorted by (financial_year, case_id), the year
-- being its agreement's.
CREATE TABLE cases_list (
  case_id TEXT PRIMARY KEY,
  agreement_id TEXT NOT NULL,
  financial_year TEXT NOT NULL,
  service_line TEXT NOT NULL,
  patient_ref TEXT NOT NULL,
  referral_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'discharged')),
  discharge_date TEXT,
  placement_id TEXT,
  placement_setting TEXT CHECK (placement_setting IN ('in-area', 'out-of-area')),
  placement_provider_code TEXT,
  placement_daily_rate_pence INTEGER,
  placement_rate_from TEXT,
  placement_start_date TEXT,
  last_position INTEGER NOT NULL
) STRICT;

CREATE INDEX cases_list_by_year ON cases_list (financial_year, case_id);
CREATE INDEX cases_list_by_agreement ON cases_list (agreement_id, financial_year, case_id);
CREATE INDEX cases_list_by_service_line ON cases_list (service_line, financial_year, case_id);
CREATE INDEX cases_list_by_status ON cases_list (status, financial_year, case_id);
CREATE INDEX cases_list_by_setting ON cases_list (placement_setting, financial_year, case_id);
CREATE INDEX cases_list_by_provider ON cases_list (placement_provider_code, financial_year, case_id);

-- Work the writer still owes a read model that existed before a migration: a read model that
-- had projected events already fills the new lists from its agreement_facts (which hold every
-- agreement creation and case event) once, in one transaction that also removes the row here.
CREATE TABLE read_model_backfills (
  name TEXT PRIMARY KEY
) STRICT;

INSERT INTO read_model_backfills (name)
SELECT 'lists' WHERE EXISTS (SELECT 1 FROM projector_checkpoint WHERE position > 0);
