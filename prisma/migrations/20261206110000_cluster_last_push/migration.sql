-- When the cluster's agent last pushed (a signed push answered 200), to the minute: written by the ingest
-- gateway at most once a minute per cluster and process, never backwards.
ALTER TABLE "clusters" ADD COLUMN "last_push_at" TIMESTAMP(3);
