-- The rules of a service's lines and of the settings, kept by PostgreSQL in the same transaction
-- as each change, whoever writes (a route, an import, psql):
--  * lines change only while their service is open (not completed or cancelled): 409;
--  * a service with lines costs the sum of their amounts; its cost set directly is refused: 409;
--  * a service's mileage raises its vehicle's known mileage;
--  * the settings have their one row from the start;
--  * lines and settings are in the audit log like the rest.
INSERT INTO "settings" DEFAULT VALUES ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION "service_lines_open"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	"service_status" text;
BEGIN
	-- The service's row is locked: a line cannot slip in while another transaction completes it.
	-- (A service being deleted is no longer found: its lines go with it.)
	SELECT "status" INTO "service_status" FROM "services"
		WHERE "id" = CASE WHEN TG_OP = 'DELETE' THEN OLD."service_id" ELSE NEW."service_id" END FOR UPDATE;
	IF "service_status" IN ('completed', 'cancelled') THEN
		RAISE EXCEPTION 'the lines of a % service cannot change', "service_status"
			USING ERRCODE = 'restrict_violation', CONSTRAINT = 'service_lines_service_open';
	END IF;
	IF TG_OP = 'DELETE' THEN
		RETURN OLD;
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "service_lines_open" BEFORE INSERT OR UPDATE OR DELETE ON "service_lines" FOR EACH ROW EXECUTE FUNCTION "service_lines_open"();
--> statement-breakpoint
CREATE FUNCTION "service_cost_from_lines"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	"service" integer := CASE WHEN TG_OP = 'DELETE' THEN OLD."service_id" ELSE NEW."service_id" END;
BEGIN
	UPDATE "services" SET "cost" = coalesce((SELECT sum("amount") FROM "service_lines" WHERE "service_id" = "service"), 0), "updated_at" = now()
		WHERE "id" = "service";
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "service_cost_from_lines" AFTER INSERT OR UPDATE OR DELETE ON "service_lines" FOR EACH ROW EXECUTE FUNCTION "service_cost_from_lines"();
--> statement-breakpoint
CREATE FUNCTION "services_cost_of_lines"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- Depth 1: the statement itself changes the cost (not the lines' trigger above).
	IF pg_trigger_depth() = 1 AND NEW."cost" IS DISTINCT FROM OLD."cost"
		AND EXISTS (SELECT 1 FROM "service_lines" WHERE "service_id" = NEW."id") THEN
		RAISE EXCEPTION 'the cost of a service with lines is the sum of its lines'
			USING ERRCODE = 'restrict_violation', CONSTRAINT = 'services_cost_from_lines';
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "services_cost_of_lines" BEFORE UPDATE OF "cost" ON "services" FOR EACH ROW EXECUTE FUNCTION "services_cost_of_lines"();
--> statement-breakpoint
CREATE FUNCTION "vehicles_mileage_from_services"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW."mileage" IS NOT NULL THEN
		UPDATE "vehicles" SET "mileage" = NEW."mileage", "updated_at" = now()
			WHERE "id" = NEW."vehicle_id" AND ("mileage" IS NULL OR "mileage" < NEW."mileage");
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "vehicles_mileage_from_services" AFTER INSERT OR UPDATE OF "mileage", "vehicle_id" ON "services" FOR EACH ROW EXECUTE FUNCTION "vehicles_mileage_from_services"();
--> statement-breakpoint
CREATE TRIGGER "service_lines_audited" AFTER INSERT OR UPDATE OR DELETE ON "service_lines" FOR EACH ROW EXECUTE FUNCTION "audit_row"('line');
--> statement-breakpoint
CREATE TRIGGER "settings_audited" AFTER UPDATE ON "settings" FOR EACH ROW EXECUTE FUNCTION "audit_row"('settings');
