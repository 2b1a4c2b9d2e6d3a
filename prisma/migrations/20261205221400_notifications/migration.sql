-- Issue 14 item 4: notifications. The outbox is written in the transaction of the change it reports, then fanned
-- out to matching webhook endpoints as deliveries (one per endpoint and event), each sent and retried on its own.
CREATE TABLE "notification_outbox" (
    "id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    -- Who may see it: operators every event, a tenant its own, a bureau its programmes' (NULL: operators only).
    "tenant_id" TEXT,
    "programme_id" TEXT,
    "bureau_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatched_at" TIMESTAMP(3),
    CONSTRAINT "notification_outbox_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "notification_outbox_pending_idx" ON "notification_outbox"("created_at") WHERE "dispatched_at" IS NULL;

CREATE TABLE "webhook_endpoints" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    -- Empty: every event type the owner may see.
    "event_types" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    -- operator (owner_id ''), tenant (owner_id = tenant id) or bureau (owner_id = bureau id)
    "owner_kind" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    -- A bureau's endpoint may narrow to one of its programmes.
    "programme_id" TEXT,
    "secret" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMP(3),
    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "webhook_endpoints_owner_kind_check" CHECK ("owner_kind" IN ('operator', 'tenant', 'bureau'))
);

CREATE INDEX "webhook_endpoints_owner_idx" ON "webhook_endpoints"("owner_kind", "owner_id");

CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "endpoint_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    -- pending (queued or waiting for a retry), delivered, failed (attempts exhausted), cancelled (endpoint deleted)
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "last_status" INTEGER,
    "last_error" TEXT,
    "last_attempt_at" TIMESTAMP(3),
    "next_attempt_at" TIMESTAMP(3),
    "delivered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "webhook_deliveries_endpoint_id_event_id_key" ON "webhook_deliveries"("endpoint_id", "event_id");
CREATE INDEX "webhook_deliveries_pending_idx" ON "webhook_deliveries"("next_attempt_at") WHERE "status" = 'pending';

ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_fkey"
    FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_fkey"
    FOREIGN KEY ("event_id") REFERENCES "notification_outbox"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Alert thresholds: set on the programme, overridden per grant (NULL: not set there).
ALTER TABLE "programmes" ADD COLUMN "balance_low_percent" DECIMAL(5,2),
    ADD COLUMN "balance_low_amount" DECIMAL(20,2),
    ADD COLUMN "expiring_days" INTEGER;
ALTER TABLE "grants" ADD COLUMN "balance_low_percent" DECIMAL(5,2),
    ADD COLUMN "balance_low_amount" DECIMAL(20,2),
    ADD COLUMN "expiring_days" INTEGER;

-- Each alert fires once per grant and threshold.
CREATE TABLE "grant_alerts_fired" (
    "grant_id" TEXT NOT NULL,
    "alert" TEXT NOT NULL,
    "fired_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "grant_alerts_fired_pkey" PRIMARY KEY ("grant_id", "alert")
);
