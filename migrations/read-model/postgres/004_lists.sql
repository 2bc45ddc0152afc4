-- The SQL read model, third slice: the lists behind GET /v1/agreements and GET /v1/cases
-- (PostgreSQL). Written by the same projector, in the same transaction as the other tables
-- and the checkpoint. Text columns are COLLATE "C" (code-point order), as SQLite sorts.

-- One row per agreement: its terms as created. Lists are sorted by (financial_year,
-- agreement_id); each filter has an index that serves it in that order.
CREATE TABLE agreements_list (
  agreement_id TEXT COLLATE "C" PRIMARY KEY,
  financial_year TEXT COLLATE "C" NOT NULL,
  commissioner_code TEXT COLLATE "C" NOT NULL,
  lead_provider_code TEXT COLLATE "C" NOT NULL,
  -- JSON arrays of strings, as the event holds them.
  partner_provider_codes TEXT COLLATE "C" NOT NULL,
  service_lines TEXT COLLATE "C" NOT NULL,
  savings_horizon_days INTEGER NOT NULL,
  position BIGINT NOT NULL
);

CREATE INDEX agreements_list_by_year ON agreements_list (financial_year, agreement_id);
CREATE INDEX agreements_list_by_lead ON agreements_list (lead_provider_code, financial_year, agreement_id);
CREATE INDEX agreements_list_by_commissioner ON agreements_list (commissioner_code, financial_year, agreement_id);

-- Who is party to each agreement, and how: what a caller's scope is checked against.
CREATE TABLE agreement_parties (
  organisation_code TEXT COLLATE "C" NOT NULL,
  agreement_id TEXT COLLATE "C" NOT NULL,
  party TEXT COLLATE "C" NOT NULL CHECK (party IN ('commissioner', 'lead', 'partner')),
  PRIMARY KEY (organisation_code, agreement_id, party)
);

-- One row per case: its referral, whether discharged, and its open placement (null columns
-- when none is open). Money is integer pence. Sorted by (financial_year, case_id), the year
-- being its agreement's.
CREATE TABLE cases_list (
  case_id TEXT COLLATE "C" PRIMARY KEY,
  agreement_id TEXT COLLATE "C" NOT NULL,
  financial_year TEXT COLLATE "C" NOT NULL,
  service_line TEXT COLLATE "C" NOT NULL,
  patient_ref TEXT COLLATE "C" NOT NULL,
  referral_date TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL CHECK (status IN ('open', 'discharged')),
  discharge_date TEXT COLLATE "C",
  placement_id TEXT COLLATE "C",
  placement_setting TEXT COLLATE "C" CHECK (placement_setting IN ('in-area', 'out-of-area')),
  placement_provider_code TEXT COLLATE "C",
  placement_daily_rate_pence BIGINT,
  placement_rate_from TEXT COLLATE "C",
  placement_start_date TEXT COLLATE "C",
  last_position BIGINT NOT NULL
);

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
  name TEXT COLLATE "C" PRIMARY KEY
);

INSERT INTO read_model_backfills (name)
SELECT 'lists' WHERE EXISTS (SELECT 1 FROM projector_checkpoint WHERE position > 0);
