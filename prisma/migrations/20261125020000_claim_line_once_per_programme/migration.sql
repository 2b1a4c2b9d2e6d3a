-- A statement's redemptions of a programme go on one claim only, whatever the cycles asked (quarterly, yearly, per
-- contract) and however concurrent the builds: the database refuses a second claim line (it was a read before).
ALTER TABLE "claim_lines" ADD COLUMN "programme_id" TEXT;
UPDATE "claim_lines" l SET "programme_id" = c."programme_id" FROM "claims" c WHERE c."id" = l."claim_id";
ALTER TABLE "claim_lines" ALTER COLUMN "programme_id" SET NOT NULL;
CREATE UNIQUE INDEX "claim_lines_programme_id_statement_id_key" ON "claim_lines"("programme_id", "statement_id");
