-- Raw usage records, one row per (cluster_id, event_id). The sink inserts only records it has not stored
-- before (libs/usage-pipeline), so this table and the rollups fed from it hold each record once.
-- ReplacingMergeTree on the same key is the second line of defence: should a copy ever slip in (a consumer
-- rebalance racing an insert), merges remove it and `FINAL` reads never see it. A record always lands in the
-- same partition (month of started_at), so copies can meet.
CREATE TABLE IF NOT EXISTS {{database}}.usage_records {{on_cluster}}
(
    cluster_id        LowCardinality(String),
    event_id          String,
    tenant_id         LowCardinality(String),
    job_id            String,
    job_type          LowCardinality(String),
    sku               LowCardinality(String),
    quantity          Decimal(38, 6),
    device_count      UInt32,
    started_at        DateTime64(3, 'UTC'),
    ended_at          DateTime64(3, 'UTC'),
    attributes        Map(String, String),
    -- The record cut into UTC hours pro rata by time, exactly: the slices sum to `quantity`.
    slice_hours       Array(DateTime('UTC')),
    slice_quantities  Array(Decimal(38, 6)),
    kafka_partition   UInt32,
    kafka_offset      UInt64,
    ingested_at       DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX tenant_idx tenant_id TYPE bloom_filter GRANULARITY 1,
    INDEX job_idx job_id TYPE bloom_filter GRANULARITY 1,
    -- the sink's crash recovery looks up what it stored past its last committed offset
    INDEX offset_idx kafka_offset TYPE minmax GRANULARITY 1
)
ENGINE = {{replicated}}ReplacingMergeTree
PARTITION BY toYYYYMM(started_at)
ORDER BY (cluster_id, event_id);

-- Hourly quantities per tenant × SKU × job type × cluster: what a bill is computed from.
CREATE TABLE IF NOT EXISTS {{database}}.usage_hourly {{on_cluster}}
(
    tenant_id   LowCardinality(String),
    hour        DateTime('UTC'),
    sku         LowCardinality(String),
    job_type    LowCardinality(String),
    cluster_id  LowCardinality(String),
    quantity    Decimal(38, 6),
    -- records counted in the hour they started, so a month's count is the number of records
    records     UInt64
)
ENGINE = {{replicated}}SummingMergeTree((quantity, records))
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant_id, hour, sku, job_type, cluster_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.usage_hourly_mv {{on_cluster}} TO {{database}}.usage_hourly AS
SELECT tenant_id, slice.1 AS hour, sku, job_type, cluster_id, slice.2 AS quantity, toUInt64(slice_index = 1) AS records
FROM {{database}}.usage_records
ARRAY JOIN arrayZip(slice_hours, slice_quantities) AS slice, arrayEnumerate(slice_hours) AS slice_index;

-- The same quantities per cluster first: what manifests are reconciled against.
CREATE TABLE IF NOT EXISTS {{database}}.usage_hourly_by_cluster {{on_cluster}}
(
    cluster_id  LowCardinality(String),
    hour        DateTime('UTC'),
    tenant_id   LowCardinality(String),
    sku         LowCardinality(String),
    quantity    Decimal(38, 6),
    records     UInt64
)
ENGINE = {{replicated}}SummingMergeTree((quantity, records))
PARTITION BY toYYYYMM(hour)
ORDER BY (cluster_id, hour, tenant_id, sku);

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.usage_hourly_by_cluster_mv {{on_cluster}} TO {{database}}.usage_hourly_by_cluster AS
SELECT cluster_id, slice.1 AS hour, tenant_id, sku, slice.2 AS quantity, toUInt64(slice_index = 1) AS records
FROM {{database}}.usage_records
ARRAY JOIN arrayZip(slice_hours, slice_quantities) AS slice, arrayEnumerate(slice_hours) AS slice_index;

-- Rejected records, kept with the reason the agent was given. Replays of the rejected topic are harmless:
-- each rejection has its own id.
CREATE TABLE IF NOT EXISTS {{database}}.usage_rejected {{on_cluster}}
(
    cluster_id    LowCardinality(String),
    reason_code   LowCardinality(String),
    rejection_id  UUID,
    received_at   DateTime64(3, 'UTC'),
    event_id      String,
    tenant_id     String,
    message       String,
    payload       String,
    request_id    String
)
ENGINE = {{replicated}}ReplacingMergeTree
PARTITION BY toYYYYMM(received_at)
ORDER BY (cluster_id, reason_code, received_at, rejection_id);
