-- A per-endpoint circuit breaker: after WEBHOOK_SUSPEND_AFTER_FAILURES consecutive failed attempts the endpoint is
-- suspended (when, and the last error), its deliveries are parked (still pending, not attempted) until it is resumed.
ALTER TABLE "webhook_endpoints" ADD COLUMN "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "suspended_at" TIMESTAMP(3),
    ADD COLUMN "suspended_reason" TEXT;

ALTER TABLE "webhook_deliveries" ADD COLUMN "parked_at" TIMESTAMP(3);

-- an endpoint's parked deliveries, oldest first (each attempt asks whether its endpoint has any)
CREATE INDEX "webhook_deliveries_parked_idx" ON "webhook_deliveries" ("endpoint_id", "parked_at");
