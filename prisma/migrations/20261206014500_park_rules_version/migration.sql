-- The version of the park-wide rules the close caches (SKUs, price books, programmes and their rules versions,
-- stacking groups, contracts). Every statement that changes one of those tables bumps it in the same transaction,
-- so a process that read version N before loading the rules knows they are current while the version is still N.
CREATE TABLE "park_rules_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "park_rules_version_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "park_rules_version_one_row" CHECK ("id" = 1)
);

INSERT INTO "park_rules_version" ("id", "version") VALUES (1, 1);

CREATE FUNCTION park_rules_version_bump() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN UPDATE park_rules_version SET version = version + 1, changed_at = clock_timestamp() WHERE id = 1\073 RETURN NULL\073 END\073';

CREATE TRIGGER skus_bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "skus"
  FOR EACH STATEMENT EXECUTE FUNCTION park_rules_version_bump();
CREATE TRIGGER price_books_bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "price_books"
  FOR EACH STATEMENT EXECUTE FUNCTION park_rules_version_bump();
CREATE TRIGGER price_book_versions_bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON "price_book_versions" FOR EACH STATEMENT EXECUTE FUNCTION park_rules_version_bump();
CREATE TRIGGER price_entries_bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "price_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION park_rules_version_bump();
CREATE TRIGGER programmes_bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "programmes"
  FOR EACH STATEMENT EXECUTE FUNCTION park_rules_version_bump();
CREATE TRIGGER programme_rules_versions_bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
  ON "programme_rules_versions" FOR EACH STATEMENT EXECUTE FUNCTION park_rules_version_bump();
CREATE TRIGGER stacking_groups_bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "stacking_groups"
  FOR EACH STATEMENT EXECUTE FUNCTION park_rules_version_bump();
CREATE TRIGGER contracts_bump_rules_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "contracts"
  FOR EACH STATEMENT EXECUTE FUNCTION park_rules_version_bump();
