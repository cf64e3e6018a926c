-- Up Migration
-- The event archive (CONTRACT §9): every event the stream carried, in stream order, partitioned by the local day of
-- its event time (one partition a day, created by the archiver; the default partition catches a day whose
-- partition could not be created, e.g. after a change of time zone). The key holds the stream id, so appending an
-- entry twice keeps one row; ts_ms is in the key only because PostgreSQL requires the partition key there (it is a
-- function of the entry).
CREATE TABLE event_archive (
  id_ms bigint NOT NULL,
  id_seq bigint NOT NULL,
  ts_ms bigint NOT NULL,
  event text NOT NULL,
  PRIMARY KEY (id_ms, id_seq, ts_ms)
) PARTITION BY RANGE (ts_ms);
CREATE TABLE event_archive_default PARTITION OF event_archive DEFAULT;
CREATE INDEX event_archive_ts ON event_archive (ts_ms);

-- The day partitions, so retention drops whole days without reading PostgreSQL's catalogue.
CREATE TABLE archive_days (
  name text PRIMARY KEY,
  start_ms bigint NOT NULL,
  end_ms bigint NOT NULL
);

-- Engine state after folding, in stream order, every archived event with ts <= at_ms (gzipped serializeState).
-- Only boundaries the stream crossed cleanly get one (see archive_unclean).
CREATE TABLE archive_checkpoints (
  at_ms bigint PRIMARY KEY,
  state bytea NOT NULL
);

-- Interval boundaries an entry arrived late across (an event stamped before the boundary after one stamped past
-- it): folding up to such a boundary and then on is not the fold of the stream, so no checkpoint is kept there.
CREATE TABLE archive_unclean (
  at_ms bigint PRIMARY KEY
);

-- Down Migration
DROP TABLE archive_unclean;
DROP TABLE archive_checkpoints;
DROP TABLE archive_days;
DROP TABLE event_archive;
