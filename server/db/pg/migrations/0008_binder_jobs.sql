-- drizzle-kit qualifies references with "public"; removed so that the tables may live in another schema (search_path), as tests do.
CREATE TABLE "binder_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"term" text NOT NULL,
	"requested_by" text NOT NULL,
	"status" text NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"file_name" text NOT NULL,
	"error" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "binder_jobs" ADD CONSTRAINT "binder_jobs_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "binder_jobs" ADD CONSTRAINT "binder_jobs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "binder_jobs_requester" ON "binder_jobs" USING btree ("requested_by","created_at");