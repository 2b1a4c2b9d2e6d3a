-- Issue 12 item 2: with a per-contract cadence, two contracts billed on one statement each have their redemptions
-- claimed once. A claim line is now programme × statement × contract: contract_id is the per-contract claim's
-- contract, '' for a quarterly or yearly line (all the statement's redemptions of the programme).
ALTER TABLE "claim_lines" ADD COLUMN "contract_id" TEXT NOT NULL DEFAULT '';
UPDATE "claim_lines" l SET "contract_id" = c."cycle" FROM "claims" c
 WHERE c."id" = l."claim_id" AND c."cadence" = 'per_contract';
DROP INDEX "claim_lines_programme_id_statement_id_key";
CREATE UNIQUE INDEX "claim_lines_programme_id_statement_id_contract_id_key"
    ON "claim_lines"("programme_id", "statement_id", "contract_id");
