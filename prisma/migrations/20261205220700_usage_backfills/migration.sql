-- Operator-approved backfills of usage older than the ingest window (issue 12 item 14)
CREATE TABLE "usage_backfills" (
    "id" UUID NOT NULL,
    "cluster_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "records" JSONB NOT NULL,
    "record_count" INTEGER NOT NULL,
    "tenant_ids" TEXT[],
    "summary" JSONB NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_role" TEXT NOT NULL,
    "requested_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approved_by" TEXT,
    "approved_role" TEXT,
    "approved_at" TIMESTAMP(3),
    "inserted" INTEGER,
    "already_stored" INTEGER,
    CONSTRAINT "usage_backfills_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "usage_backfills_status_check" CHECK ("status" IN ('requested', 'approved')),
    CONSTRAINT "usage_backfills_approver_check" CHECK ("status" = 'requested' OR "approved_by" <> "requested_by")
);

CREATE INDEX "usage_backfills_status_requested_at_idx" ON "usage_backfills"("status", "requested_at");
CREATE INDEX "usage_backfills_tenant_ids_idx" ON "usage_backfills" USING GIN ("tenant_ids");
