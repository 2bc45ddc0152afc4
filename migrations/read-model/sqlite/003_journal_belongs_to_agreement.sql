-- Chains of agreements (docs/year-end.md): a prior-year adjustment is posted on one agreement's
-- accounts for a period of an earlier agreement of its chain. The journal names that agreement;
-- '' for every other posting (and for every posting written before this column existed, none of
-- which was a prior-year adjustment).
ALTER TABLE journal_postings ADD COLUMN belongs_to_agreement_id TEXT NOT NULL DEFAULT '';
