-- Daily manifests pushed by cluster agents: what they say they sent for one cluster and one UTC day (of ended_at).
-- One row per (cluster, day); a re-pushed manifest replaces the earlier one (latest received_at wins; read FINAL).
CREATE TABLE IF NOT EXISTS {{database}}.usage_manifests {{on_cluster}}
(
    cluster_id      LowCardinality(String),
    day             Date,
    record_count    UInt64,
    line_tenant     Array(String),
    line_sku        Array(String),
    line_count      Array(UInt64),
    line_quantity   Array(Decimal(38, 6)),
    received_at     DateTime64(3, 'UTC'),
    request_id      String
)
ENGINE = {{replicated}}ReplacingMergeTree(received_at)
PARTITION BY toYYYYMM(day)
ORDER BY (cluster_id, day);
