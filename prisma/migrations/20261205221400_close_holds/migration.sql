-- Issue 14 item 3: an open reconciliation finding on a tenant-period holds its close task (status held),
-- until the finding is resolved or an operator-admin overrides the hold with a reason (kept on the task).
ALTER TYPE "CloseTaskStatus" ADD VALUE 'held';

ALTER TABLE period_close_tasks
  ADD COLUMN hold_overridden_by TEXT,
  ADD COLUMN hold_overridden_at TIMESTAMP(3),
  ADD COLUMN hold_override_reason TEXT;
