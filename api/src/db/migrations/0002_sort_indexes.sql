CREATE INDEX "customers_updated_at_idx" ON "customers" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "services_updated_at_idx" ON "services" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "services_status_idx" ON "services" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "services_cost_idx" ON "services" USING btree ("cost","id");--> statement-breakpoint
CREATE INDEX "services_completed_at_desc_idx" ON "services" USING btree ("completed_at" DESC NULLS LAST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "vehicles_updated_at_idx" ON "vehicles" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "vehicles_make_idx" ON "vehicles" USING btree (lower("make"),"id");--> statement-breakpoint
CREATE INDEX "vehicles_model_idx" ON "vehicles" USING btree (lower("model"),"id");--> statement-breakpoint
CREATE INDEX "vehicles_year_idx" ON "vehicles" USING btree ("year" DESC NULLS LAST,"id" DESC NULLS FIRST);