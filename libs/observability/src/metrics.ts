import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per thread (a worker thread loads its own copy of this module); `park` composes all apps, so every
 * metric is defined once, here.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const ms = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

/** How many jobs each BullMQ queue holds in each state, read from Redis when /metrics is scraped. */
export type QueueDepthSource = () => Promise<{ queue: string; state: string; count: number }[]>;
let queueDepthSource: QueueDepthSource | undefined;

/** Sets (or with no argument clears) where `park_queue_jobs` is read from: the app that knows the queues. */
export function reportQueueDepth(source?: QueueDepthSource): void {
  queueDepthSource = source;
}

export const metrics = {
  recordsAccepted: new Counter({
    name: 'park_ingest_records_accepted_total',
    help: 'Usage records accepted by the gateway',
    registers: [registry],
  }),
  recordsRejected: new Counter({
    name: 'park_ingest_records_rejected_total',
    help: 'Usage records rejected by the gateway, by reason',
    labelNames: ['reason'],
    registers: [registry],
  }),
  requestsRefused: new Counter({
    name: 'park_ingest_requests_refused_total',
    help: 'Agent requests refused as a whole, by reason',
    labelNames: ['reason'],
    registers: [registry],
  }),
  produceLatency: new Histogram({
    name: 'park_ingest_produce_latency_ms',
    help: 'Time for Kafka to acknowledge a produced batch (acks=all)',
    buckets: ms,
    registers: [registry],
  }),
  sinkBatchSize: new Histogram({
    name: 'park_sink_batch_records',
    help: 'Messages per sink batch',
    buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000, 25000],
    registers: [registry],
  }),
  sinkRunRecords: new Histogram({
    name: 'park_sink_run_records',
    help: 'Records per sink run (one key look-up and one INSERT for the partitions fetched together)',
    buckets: [100, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000],
    registers: [registry],
  }),
  sinkInsertLatency: new Histogram({
    name: 'park_sink_insert_latency_ms',
    help: 'De-duplicate + insert time per sink batch',
    buckets: ms,
    registers: [registry],
  }),
  sinkRecords: new Counter({
    name: 'park_sink_records_total',
    help: 'Records seen by the sink, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  }),
  sinkConsumerLag: new Gauge({
    name: 'park_sink_consumer_lag',
    help: 'Messages of each assigned partition not yet stored and committed (head minus committed offset)',
    labelNames: ['partition'],
    registers: [registry],
  }),
  sinkPartitionFailures: new Counter({
    name: 'park_sink_partition_failures_total',
    help: 'Failed attempts to store a batch of a partition (each retried after a back-off), by step',
    labelNames: ['partition', 'step'],
    registers: [registry],
  }),
  sinkStoreRunning: new Gauge({
    name: 'park_sink_store_running_seconds',
    help:
      'How long the oldest batch store (or its recovery) in flight has run, 0 when none: ' +
      'one that keeps growing is stalled',
    registers: [registry],
  }),
  rateLimited: new Counter({
    name: 'park_rate_limited_total',
    help: 'Requests refused with 429 / RESOURCE_EXHAUSTED, by API and limit (records, bytes, requests)',
    labelNames: ['api', 'limit'],
    registers: [registry],
  }),
  rateLimitStoreErrors: new Counter({
    name: 'park_rate_limit_store_errors_total',
    help: 'Rate-limit checks Redis could not answer; each was decided by the per-process fallback limiter',
    registers: [registry],
  }),
  queueJobs: new Gauge({
    name: 'park_queue_jobs',
    help: 'Jobs in each BullMQ queue by state (waiting, active, delayed, failed, prioritized), read at scrape time',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      if (!queueDepthSource) return;
      const depth = await queueDepthSource();
      this.reset(); // a queue Redis could not count is left out rather than reported with stale numbers
      for (const { queue, state, count } of depth) this.set({ queue, state }, count);
    },
  }),
  queueJobDuration: new Histogram({
    name: 'park_queue_job_duration_seconds',
    help: 'Time a worker spent on one attempt of a job, by queue, job name and outcome (completed, failed)',
    labelNames: ['queue', 'name', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  }),
  queueJobFailures: new Counter({
    name: 'park_queue_job_failures_total',
    help: 'Failed job attempts by queue and job name; final="true" when no attempt is left (the job is kept as failed)',
    labelNames: ['queue', 'name', 'final'],
    registers: [registry],
  }),
  endToEndLatency: new Histogram({
    name: 'park_usage_end_to_end_latency_ms',
    help: 'From the gateway receiving a record to the sink storing it',
    buckets: ms,
    registers: [registry],
  }),
};

export type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/** Process-wide default metrics (CPU, memory, fds, start time, version): every thread reports the same process. */
const processWide = (name: string) => name.startsWith('process_') || name === 'nodejs_version_info';

/**
 * This thread's metrics with those of the app's worker threads, one family per name: counters and histograms are
 * summed (each event is counted in the one thread that saw it), per-thread runtime metrics (heap, event loop, GC)
 * combined by prom-client's aggregators, process-wide ones taken from this thread only.
 */
export function withThreadMetrics(own: MetricsJson, threads: MetricsJson[]): Registry {
  return AggregatorRegistry.aggregate([
    own.map((m) => (processWide(m.name) ? { ...m, aggregator: 'first' as const } : m)),
    ...threads.map((t) => t.filter((m) => !processWide(m.name))),
  ]);
}
