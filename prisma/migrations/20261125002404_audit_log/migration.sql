-- CreateTable
CREATE TABLE "audit_events" (
    "seq" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "before_digest" CHAR(64),
    "after_digest" CHAR(64),
    "payload" JSONB NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "audit_head" (
    "id" SMALLINT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_hash_key" ON "audit_events"("hash");

-- CreateIndex
CREATE INDEX "audit_events_entity_type_entity_id_idx" ON "audit_events"("entity_type", "entity_id");


-- ── Audit log integrity (hand-written, see libs/audit/README.md and libs/audit-store/README.md) ─────────────────────
-- Prisma's migration runner splits the script at every semicolon, dollar quotes included, so the PL/pgSQL
-- bodies below are E-strings whose semicolons are written \073 (as in the billing migration).
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_seq_positive" CHECK ("seq" >= 1);
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_hash_hex" CHECK ("hash" ~ '^[0-9a-f]{64}$' AND "prev_hash" ~ '^[0-9a-f]{64}$');
ALTER TABLE "audit_head" ADD CONSTRAINT "audit_head_single_row" CHECK ("id" = 1);

-- The head: seq 0 and 64 zeros (GENESIS_HASH) before the first event. Appenders lock this row.
INSERT INTO "audit_head" ("id", "seq", "hash") VALUES (1, 0, repeat('0', 64));

-- Append-only: nothing edits, deletes or truncates an event, nor deletes or truncates the head.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''audit log is append-only: % on % refused'', TG_OP, TG_TABLE_NAME USING ERRCODE = ''restrict_violation''\073 END\073';

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON "audit_head"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON "audit_head"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The head only moves forward, one event at a time (the insert trigger below moves it).
CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN IF NEW.id <> OLD.id OR NEW.seq <> OLD.seq + 1 THEN RAISE EXCEPTION ''audit head moves forward one event at a time (seq % to % refused)'', OLD.seq, NEW.seq USING ERRCODE = ''restrict_violation''\073 END IF\073 RETURN NEW\073 END\073';

CREATE TRIGGER audit_head_forward BEFORE UPDATE ON "audit_head"
  FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();

-- An event must extend the head (seq = head + 1, prev_hash = the head hash), and inserting it moves the head.
CREATE FUNCTION audit_events_extend_head() RETURNS trigger LANGUAGE plpgsql AS
E'DECLARE head "audit_head"%ROWTYPE\073 BEGIN SELECT * INTO head FROM "audit_head" WHERE id = 1 FOR UPDATE\073 IF NOT FOUND OR NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.hash THEN RAISE EXCEPTION ''audit event % does not extend the head (seq %)'', NEW.seq, head.seq USING ERRCODE = ''check_violation''\073 END IF\073 UPDATE "audit_head" SET seq = NEW.seq, hash = NEW.hash WHERE id = 1\073 RETURN NEW\073 END\073';

CREATE TRIGGER audit_events_extend BEFORE INSERT ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_extend_head();
