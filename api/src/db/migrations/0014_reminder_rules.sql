-- Reminders' rules, kept by PostgreSQL in the same transaction as the change:
--  * a service answers only a reminder of its own vehicle (else 422);
--  * completing a service that answers a reminder marks it done and, when it repeats, creates the
--    next one from the completion's date (+ repeat_months) and mileage (+ repeat_km);
--  * a vehicle's known mileage includes its services' from before migration 0010 (once, here);
--  * reminders are in the audit log like the rest.
CREATE FUNCTION "services_reminder_of_vehicle"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW."reminder_id" IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM "reminders" WHERE "id" = NEW."reminder_id" AND "vehicle_id" = NEW."vehicle_id") THEN
		RAISE EXCEPTION 'the reminder is not this vehicle''s'
			USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'services_reminder_of_vehicle';
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "services_reminder_of_vehicle" BEFORE INSERT OR UPDATE OF "reminder_id", "vehicle_id" ON "services" FOR EACH ROW EXECUTE FUNCTION "services_reminder_of_vehicle"();
--> statement-breakpoint
CREATE FUNCTION "reminders_answered"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	"answered" "reminders";
BEGIN
	IF NEW."status" = 'completed' AND OLD."status" IS DISTINCT FROM 'completed' AND NEW."reminder_id" IS NOT NULL THEN
		UPDATE "reminders" SET "status" = 'done', "service_id" = NEW."id", "updated_at" = now()
			WHERE "id" = NEW."reminder_id" AND "status" = 'open'
			RETURNING * INTO "answered";
		IF FOUND AND ("answered"."repeat_months" IS NOT NULL OR "answered"."repeat_km" IS NOT NULL) THEN
			INSERT INTO "reminders" ("vehicle_id", "description", "due_date", "due_mileage", "repeat_months", "repeat_km")
			VALUES (
				"answered"."vehicle_id",
				"answered"."description",
				CASE WHEN "answered"."repeat_months" IS NOT NULL
					THEN ((NEW."completed_at" AT TIME ZONE 'UTC')::date + make_interval(months => "answered"."repeat_months"))::date END,
				CASE WHEN "answered"."repeat_km" IS NOT NULL
					THEN coalesce(NEW."mileage", (SELECT "mileage" FROM "vehicles" WHERE "id" = NEW."vehicle_id"), 0) + "answered"."repeat_km" END,
				"answered"."repeat_months",
				"answered"."repeat_km");
		END IF;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "reminders_answered" AFTER UPDATE OF "status" ON "services" FOR EACH ROW EXECUTE FUNCTION "reminders_answered"();
--> statement-breakpoint
UPDATE "vehicles" AS "v" SET "mileage" = "s"."latest"
	FROM (SELECT "vehicle_id", max("mileage") AS "latest" FROM "services" GROUP BY "vehicle_id") AS "s"
	WHERE "s"."vehicle_id" = "v"."id" AND ("v"."mileage" IS NULL OR "v"."mileage" < "s"."latest");
--> statement-breakpoint
CREATE TRIGGER "reminders_audited" AFTER INSERT OR UPDATE OR DELETE ON "reminders" FOR EACH ROW EXECUTE FUNCTION "audit_row"('reminder');
