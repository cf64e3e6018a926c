-- Up Migration
-- Agents' scheduled activities (issue 17): instants in ms, and the local date each was scheduled under (what an
-- import replaces and an export selects). Activities of one agent do not overlap (the import checks).
CREATE TABLE schedule_activities (
  agent_id text NOT NULL,
  day text NOT NULL,
  start_ms bigint NOT NULL,
  end_ms bigint NOT NULL CHECK (end_ms > start_ms),
  activity text NOT NULL,
  queues text NOT NULL DEFAULT '', -- ';'-separated, as in the file
  PRIMARY KEY (agent_id, start_ms)
);
CREATE INDEX schedule_activities_day ON schedule_activities (day);
CREATE INDEX schedule_activities_start ON schedule_activities (start_ms);

-- Down Migration
DROP TABLE schedule_activities;
