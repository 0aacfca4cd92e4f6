-- Bengkel always keeps an active owner: a change that would leave no active owner (the last one
-- demoted, deactivated or deleted, or every user deleted, which would reopen the first run to
-- anyone) is refused by PostgreSQL itself. Changes to owners
-- take a transaction lock first, so two owners demoting each other at once cannot both succeed:
-- the second waits, then sees the first's change (READ COMMITTED: a fresh snapshot per query).
CREATE FUNCTION "users_keep_an_owner"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(1113943660); -- "Benl": the same lock as the first run's
	IF NOT EXISTS (SELECT 1 FROM "users" WHERE "role" = 'owner' AND "active") THEN
		RAISE EXCEPTION 'the last active owner cannot be demoted, deactivated or deleted'
			USING ERRCODE = 'restrict_violation', CONSTRAINT = 'users_last_owner';
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "users_keep_an_owner" AFTER UPDATE OF "role", "active" OR DELETE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "users_keep_an_owner"();
