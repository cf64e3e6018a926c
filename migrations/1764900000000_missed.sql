-- Up Migration
-- Offers an agent let ring out (agent.missed): the reports' "missed" column.
ALTER TABLE interval_rows ADD COLUMN missed double precision NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE interval_rows DROP COLUMN missed;
