-- Issue 12 item 2: the unique key programme × statement × contract keeps a contract's redemptions on one claim, but
-- not a whole-statement line ('', quarterly or yearly) beside a contract's line of another claim of the programme
-- (a programme whose cadence the request chooses). This trigger refuses that overlap, however concurrent the builds:
-- inserts on one programme × statement are serialised by a transaction-scoped advisory lock, and each sees the
-- lines committed before it (READ COMMITTED: a fresh snapshot per statement). It answers a unique violation (23505),
-- as the index does, so callers handle both alike. The body's semicolons are written \073, as in the audit log's
-- migration (migrate splits a script at each semicolon, even in a comment).
CREATE FUNCTION claim_lines_no_overlap() RETURNS trigger LANGUAGE plpgsql AS
E'DECLARE other TEXT\073 BEGIN PERFORM pg_advisory_xact_lock(hashtextextended(''claim_lines|'' || NEW.programme_id || ''|'' || NEW.statement_id::text, 0))\073 SELECT x.claim_id INTO other FROM claim_lines x WHERE x.programme_id = NEW.programme_id AND x.statement_id = NEW.statement_id AND x.claim_id <> NEW.claim_id AND (x.contract_id = NEW.contract_id OR x.contract_id = '''' OR NEW.contract_id = '''') LIMIT 1\073 IF other IS NOT NULL THEN RAISE EXCEPTION ''statement % of programme % (contract ''''%'''') is already on claim %'', NEW.statement_id, NEW.programme_id, NEW.contract_id, other USING ERRCODE = ''unique_violation'', DETAIL = format(''Key (programme_id, statement_id, contract_id)=(%s, %s, %s) already exists.'', NEW.programme_id, NEW.statement_id, NEW.contract_id)\073 END IF\073 RETURN NEW\073 END\073';

CREATE TRIGGER claim_lines_no_overlap BEFORE INSERT OR UPDATE OF programme_id, statement_id, contract_id ON "claim_lines"
  FOR EACH ROW EXECUTE FUNCTION claim_lines_no_overlap();
