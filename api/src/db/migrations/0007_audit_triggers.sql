-- The audit log, kept by PostgreSQL itself: a row trigger on every audited table writes who
-- changed what in the same transaction as the change, so no write path (a route, an import, a
-- cascade, a manual fix in psql) can change data without its entry. Who is read from settings
-- the API sets for the transaction (`bengkel.actor` as {"type", "id", "name"}, `bengkel.request_id`,
-- `bengkel.ip`); without them the entry says `system`. Changes are {column: [before, after]}, the
-- bookkeeping timestamps left out and secrets (password and token hashes) shown only as changed.
-- The log itself refuses UPDATE, DELETE and TRUNCATE.
CREATE FUNCTION "audit_changes"("before" jsonb, "after" jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(jsonb_object_agg("key", jsonb_build_array("before" -> "key", "after" -> "key")), '{}'::jsonb)
	FROM jsonb_object_keys(coalesce("before", '{}'::jsonb) || coalesce("after", '{}'::jsonb)) AS "key"
	WHERE "key" NOT IN ('created_at', 'updated_at', 'last_login_at', 'last_used_at')
		AND ("before" -> "key") IS DISTINCT FROM ("after" -> "key")
$$;
--> statement-breakpoint
CREATE FUNCTION "audit_row"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	"actor" jsonb := nullif(current_setting('bengkel.actor', true), '')::jsonb;
	"before" jsonb := CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END;
	"after" jsonb := CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END;
	"changed" jsonb := audit_changes("before", "after");
	"action" text := lower(TG_OP);
	"secret" text;
BEGIN
	-- An update that changed only bookkeeping (a sign-in's last_login_at) is not a change.
	IF TG_OP = 'UPDATE' AND "changed" = '{}'::jsonb THEN
		RETURN NULL;
	END IF;
	FOREACH "secret" IN ARRAY ARRAY['password_hash', 'token_hash'] LOOP
		IF "changed" ? "secret" THEN
			"changed" := jsonb_set("changed", ARRAY["secret"], jsonb_build_array(
				CASE WHEN "before" IS NULL THEN NULL ELSE '[hidden]' END,
				CASE WHEN "after" IS NULL THEN NULL ELSE '[hidden]' END));
		END IF;
	END LOOP;
	IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'services' AND "changed" ? 'status' THEN
		"action" := 'status';
	END IF;
	INSERT INTO "audit_log" ("actor_type", "actor_id", "actor_name", "action", "entity", "entity_id", "changes", "request_id", "ip")
	VALUES (coalesce("actor" ->> 'type', 'system'), ("actor" ->> 'id')::integer, "actor" ->> 'name', "action", TG_ARGV[0],
		coalesce("after" ->> 'id', "before" ->> 'id')::bigint, "changed",
		nullif(current_setting('bengkel.request_id', true), ''), nullif(current_setting('bengkel.ip', true), ''));
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "customers_audited" AFTER INSERT OR UPDATE OR DELETE ON "customers" FOR EACH ROW EXECUTE FUNCTION "audit_row"('customer');
--> statement-breakpoint
CREATE TRIGGER "vehicles_audited" AFTER INSERT OR UPDATE OR DELETE ON "vehicles" FOR EACH ROW EXECUTE FUNCTION "audit_row"('vehicle');
--> statement-breakpoint
CREATE TRIGGER "services_audited" AFTER INSERT OR UPDATE OR DELETE ON "services" FOR EACH ROW EXECUTE FUNCTION "audit_row"('service');
--> statement-breakpoint
CREATE TRIGGER "users_audited" AFTER INSERT OR UPDATE OR DELETE ON "users" FOR EACH ROW EXECUTE FUNCTION "audit_row"('user');
--> statement-breakpoint
CREATE TRIGGER "api_tokens_audited" AFTER INSERT OR UPDATE OR DELETE ON "api_tokens" FOR EACH ROW EXECUTE FUNCTION "audit_row"('token');
--> statement-breakpoint
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
