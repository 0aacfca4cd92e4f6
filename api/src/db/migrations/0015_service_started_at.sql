-- When work on a service began, for the time from start to completion
-- (workshop_service_duration_seconds). PostgreSQL keeps it, so no write path can miss it:
--  * it is set as the status becomes in_progress (also on a service created in progress), and
--    kept once set;
--  * a service that reaches completed without it (a row written outright, not moved) takes its
--    scheduled time, as the services from before this migration do when the audit log does not
--    say when they started.
ALTER TABLE "services" ADD COLUMN "started_at" timestamp (3) with time zone;--> statement-breakpoint
-- A fact recovered from the audit log is not a change anyone made: not audited again.
ALTER TABLE "services" DISABLE TRIGGER "services_audited";--> statement-breakpoint
UPDATE "services" AS "s" SET "started_at" = coalesce(
		(SELECT min("a"."at") FROM "audit_log" AS "a"
			WHERE "a"."entity" = 'service' AND "a"."entity_id" = "s"."id" AND "a"."changes" -> 'status' ->> 1 = 'in_progress'),
		CASE WHEN "s"."status" IN ('in_progress', 'completed') THEN least("s"."scheduled_at", "s"."completed_at") END)
	WHERE "s"."status" <> 'scheduled';--> statement-breakpoint
ALTER TABLE "services" ENABLE TRIGGER "services_audited";--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_started_at_check" CHECK ("services"."status" not in ('in_progress', 'completed') or "services"."started_at" is not null);--> statement-breakpoint
CREATE FUNCTION "services_started_at"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW."started_at" IS NULL AND NEW."status" = 'in_progress' THEN
		NEW."started_at" := now();
	ELSIF NEW."started_at" IS NULL AND NEW."status" = 'completed' THEN
		NEW."started_at" := least(NEW."scheduled_at", NEW."completed_at");
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "services_started_at" BEFORE INSERT OR UPDATE OF "status" ON "services" FOR EACH ROW EXECUTE FUNCTION "services_started_at"();
