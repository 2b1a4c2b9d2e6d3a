-- Reconciliation runs and findings (issue 14). Written by hand in the shape `prisma migrate diff` drafts: the
-- offline diff crashed in Prisma's wasm engine on this machine (on main's schema too).

-- CreateEnum
CREATE TYPE "ReconciliationRunStatus" AS ENUM ('queued', 'running', 'completed', 'failed');

-- CreateTable
CREATE TABLE "reconciliation_runs" (
    "id" TEXT NOT NULL,
    "park_id" TEXT NOT NULL,
    "kinds" TEXT[],
    "from_day" VARCHAR(10) NOT NULL,
    "to_day" VARCHAR(10) NOT NULL,
    "thresholds" JSONB NOT NULL,
    "status" "ReconciliationRunStatus" NOT NULL DEFAULT 'queued',
    "counts" JSONB,
    "error" TEXT,
    "requested_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "reconciliation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_findings" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "check_name" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "cluster_id" TEXT,
    "day" VARCHAR(10),
    "tenant_id" TEXT,
    "period_id" VARCHAR(7),
    "subject" JSONB NOT NULL,
    "expected" TEXT NOT NULL,
    "observed" TEXT NOT NULL,
    "difference" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMP(3),
    "resolved_by" TEXT,
    "resolution" TEXT,

    CONSTRAINT "reconciliation_findings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reconciliation_runs_park_id_created_at_idx" ON "reconciliation_runs"("park_id", "created_at");

-- CreateIndex
CREATE INDEX "reconciliation_findings_run_id_idx" ON "reconciliation_findings"("run_id");

-- CreateIndex
CREATE INDEX "reconciliation_findings_status_tenant_id_period_id_idx" ON "reconciliation_findings"("status", "tenant_id", "period_id");

-- AddForeignKey
ALTER TABLE "reconciliation_findings" ADD CONSTRAINT "reconciliation_findings_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reconciliation_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
