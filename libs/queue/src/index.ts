export { QUEUES, JOBS, JOB_SCHEDULERS, bullConnection, type QueueName } from './queues';
export { QUEUE_JOB_DEFAULTS, SWEEPER_JOB_OPTIONS } from './job-defaults';
export { producerRedis, whenReady, withinBound, closeWithin, RedisUnavailableError } from './producer-redis';
export { RedisService } from './redis.service';
export { QueueModule } from './queue.module';
export { observeWorker } from './metrics/worker-metrics';
export { QueueDepthReporter, DEPTH_STATES } from './metrics/queue-depth.reporter';
export { openAllQueues, type AllQueues } from './all-queues';
