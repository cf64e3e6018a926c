-- Up Migration
-- The interval rows of each local day summed per entity (kept by the store with every upsert), so day, week and
-- month reports read 31 rows a month per entity instead of 2,976. Keyed by the zone the days were cut in: a centre
-- that changes its zone gets its days rolled up afresh (HistoryStore.rollUpMissingDays). A new counter column of
-- interval_rows needs its twin here.
CREATE TABLE day_rows (LIKE interval_rows INCLUDING DEFAULTS);
ALTER TABLE day_rows
  ADD COLUMN timezone text NOT NULL,
  ADD COLUMN intervals integer NOT NULL,
  ADD PRIMARY KEY (timezone, scope, id, start_ms);

-- Down Migration
DROP TABLE day_rows;
