-- An issued invoice is a record of what was billed: PostgreSQL refuses any change to it but the
-- payments' (paid, and issued → paid as the balance reaches 0) and a void (with its reason), and
-- nothing at all once void. Invoices and payments are in the audit log like the rest.
CREATE FUNCTION "invoices_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD."status" = 'void' THEN
		RAISE EXCEPTION 'a void invoice cannot change'
			USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_immutable';
	END IF;
	IF (NEW."number", NEW."year", NEW."sequence", NEW."service_id", NEW."customer_id", NEW."issued_at", NEW."customer", NEW."vehicle",
			NEW."lines", NEW."subtotal", NEW."tax_rate", NEW."tax", NEW."total", NEW."created_at")
		IS DISTINCT FROM (OLD."number", OLD."year", OLD."sequence", OLD."service_id", OLD."customer_id", OLD."issued_at", OLD."customer", OLD."vehicle",
			OLD."lines", OLD."subtotal", OLD."tax_rate", OLD."tax", OLD."total", OLD."created_at") THEN
		RAISE EXCEPTION 'an issued invoice cannot be edited: void it and issue another'
			USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_immutable';
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "invoices_immutable" BEFORE UPDATE ON "invoices" FOR EACH ROW EXECUTE FUNCTION "invoices_immutable"();
--> statement-breakpoint
CREATE FUNCTION "invoices_never_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'invoices and payments are never deleted'
		USING ERRCODE = 'restrict_violation', CONSTRAINT = 'invoices_immutable';
END $$;
--> statement-breakpoint
CREATE TRIGGER "invoices_never_deleted" BEFORE DELETE ON "invoices" FOR EACH ROW EXECUTE FUNCTION "invoices_never_deleted"();
--> statement-breakpoint
CREATE TRIGGER "payments_never_changed" BEFORE UPDATE OR DELETE ON "payments" FOR EACH ROW EXECUTE FUNCTION "invoices_never_deleted"();
--> statement-breakpoint
CREATE TRIGGER "invoices_audited" AFTER INSERT OR UPDATE ON "invoices" FOR EACH ROW EXECUTE FUNCTION "audit_row"('invoice');
--> statement-breakpoint
CREATE TRIGGER "payments_audited" AFTER INSERT ON "payments" FOR EACH ROW EXECUTE FUNCTION "audit_row"('payment');
