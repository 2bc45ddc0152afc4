-- The read-model database of the production topology. The image creates POSTGRES_DB (`test`,
-- the database the integration tests use) itself; this adds `ledger` beside it.
CREATE DATABASE ledger;
