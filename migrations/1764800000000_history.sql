-- Up Migration
-- One row per 15-minute interval (aligned to the centre's zone) per centre, queue, team and agent: the raw
-- counters of the engine's tally, so longer periods sum numerators and denominators and recompute ratios.
CREATE TABLE interval_rows (
  scope text NOT NULL CHECK (scope IN ('center', 'queue', 'team', 'agent')),
  id text NOT NULL,
  start_ms bigint NOT NULL,
  end_ms bigint NOT NULL,
  name text NOT NULL,
  offered double precision NOT NULL,
  answered double precision NOT NULL,
  answered_within_sl double precision NOT NULL,
  answered_wait_sum double precision NOT NULL,
  abandoned double precision NOT NULL,
  abandoned_short double precision NOT NULL,
  abandoned_within_sl double precision NOT NULL,
  max_wait double precision NOT NULL,
  handled double precision NOT NULL,
  handle_talk double precision NOT NULL,
  handle_hold double precision NOT NULL,
  handle_acw double precision NOT NULL,
  dialed double precision NOT NULL,
  connected double precision NOT NULL,
  failed double precision NOT NULL,
  out_talking_ms double precision NOT NULL,
  csat_sum double precision NOT NULL,
  csat_n double precision NOT NULL,
  qa_sum double precision NOT NULL,
  qa_n double precision NOT NULL,
  talking_ms double precision NOT NULL,
  hold_ms double precision NOT NULL,
  acw_ms double precision NOT NULL,
  dialing_ms double precision NOT NULL,
  available_ms double precision NOT NULL,
  aux_ms double precision NOT NULL,
  peak_waiting double precision NOT NULL,
  aux_by_reason jsonb NOT NULL DEFAULT '{}',
  written_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, id, start_ms)
);
CREATE INDEX interval_rows_scope_start ON interval_rows (scope, start_ms);

-- One row per call leg the engine counted (answered and handled, abandoned, outbound handled), written with the
-- interval its last fact (end of wrap-up, abandon) falls in.
CREATE TABLE calls (
  call_id text NOT NULL,
  closed_ms bigint NOT NULL,
  direction text NOT NULL,
  queue_id text,
  agent_id text,
  offered_ms bigint,
  answered_ms bigint,
  ended_ms bigint,
  wrapup_ms bigint,
  wait_sec double precision,
  talk_sec double precision,
  hold_sec double precision,
  acw_sec double precision,
  outcome text NOT NULL,
  disposition text,
  survey double precision,
  qa double precision,
  PRIMARY KEY (call_id, closed_ms)
);
CREATE INDEX calls_closed ON calls (closed_ms);

CREATE TABLE faults (
  fault_id text NOT NULL,
  opened_ms bigint NOT NULL,
  closed_ms bigint,
  component text NOT NULL,
  severity text NOT NULL,
  message text,
  PRIMARY KEY (fault_id, opened_ms)
);

-- Down Migration
DROP TABLE faults;
DROP TABLE calls;
DROP TABLE interval_rows;
