-- Issue 12 item 6: a programme's rules change by a new version with an effective period, never by an edit of
-- what issued statements used. Version 1 stays in programmes.rules.
CREATE TABLE "programme_rules_versions" (
    "programme_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "effective_period" VARCHAR(7) NOT NULL,
    "rules" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "programme_rules_versions_pkey" PRIMARY KEY ("programme_id", "version")
);

CREATE UNIQUE INDEX "programme_rules_versions_programme_id_effective_period_key"
    ON "programme_rules_versions"("programme_id", "effective_period");

ALTER TABLE "programme_rules_versions" ADD CONSTRAINT "programme_rules_versions_programme_id_fkey"
    FOREIGN KEY ("programme_id") REFERENCES "programmes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
