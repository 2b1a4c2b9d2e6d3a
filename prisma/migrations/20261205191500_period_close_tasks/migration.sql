-- The period close's outbox (issue 11 item 3, issue 12 item 7): one row per tenant the close must issue, written in
-- the transaction that marks the period closing. BullMQ jobs are made from these rows, so a Redis that lost its
-- queue is refilled from PostgreSQL, and each tenant's failure is kept here with its reason.
CREATE TYPE "CloseTaskStatus" AS ENUM ('pending', 'done', 'failed');

CREATE TABLE "period_close_tasks" (
    "park_id" TEXT NOT NULL,
    "period_id" VARCHAR(7) NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "close_run" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 0,
    "status" "CloseTaskStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error_code" TEXT,
    "error_message" TEXT,
    "requested_by" TEXT NOT NULL,
    "requested_role" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "period_close_tasks_pkey" PRIMARY KEY ("park_id", "period_id", "tenant_id")
);

CREATE INDEX "period_close_tasks_status_park_id_period_id_idx" ON "period_close_tasks"("status", "park_id", "period_id");

-- Closes already under way get their tasks: every active tenant of the park without an issued statement.
INSERT INTO "period_close_tasks" ("park_id", "period_id", "tenant_id", "close_run", "requested_by", "requested_role")
SELECT p."park_id", p."id", t."id",
       p."park_id" || '@' || to_char(p."closing_started_at", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'system', 'system'
FROM "billing_periods" p
JOIN "tenants" t ON t."park_id" = p."park_id" AND t."status" = 'active'
WHERE p."status" = 'closing' AND p."closing_started_at" IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM "statements" s WHERE s."tenant_id" = t."id" AND s."period_id" = p."id" AND s."status" <> 'draft');
