-- Issue 12 item 4: a close decides what each tenant draws from each voucher pool once, before any statement that
-- draws from a pool is issued, by the pool order of each programme: the statements then do not depend on commit order.
-- tenant_ids: the tenants the pass covered: each draws its allocation (none = 0), others draw first come.
CREATE TABLE "pool_allocation_runs" (
    "close_run" TEXT NOT NULL,
    "park_id" TEXT NOT NULL,
    "period_id" VARCHAR(7) NOT NULL,
    "tenant_ids" TEXT[] NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "pool_allocation_runs_pkey" PRIMARY KEY ("close_run")
);

CREATE TABLE "pool_allocations" (
    "close_run" TEXT NOT NULL,
    "programme_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    CONSTRAINT "pool_allocations_pkey" PRIMARY KEY ("close_run", "programme_id", "year", "tenant_id"),
    CONSTRAINT "pool_allocations_close_run_fkey" FOREIGN KEY ("close_run") REFERENCES "pool_allocation_runs"("close_run") ON DELETE RESTRICT ON UPDATE CASCADE
);
