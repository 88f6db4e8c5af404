CREATE TABLE "observation_group_settings" (
	"group_id" text PRIMARY KEY NOT NULL,
	"show_observer_names" integer DEFAULT 1 NOT NULL,
	"updated_by" text,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "observation_marks" (
	"observation_id" text NOT NULL,
	"observer_id" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "observation_marks_observation_id_observer_id_kind_key_pk" PRIMARY KEY("observation_id","observer_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "observation_notes" (
	"observation_id" text NOT NULL,
	"id" text NOT NULL,
	"observer_id" text NOT NULL,
	"step" integer,
	"point" text,
	"text" text NOT NULL,
	"noted_at" bigint NOT NULL,
	"edited_at" bigint NOT NULL,
	"deleted_at" bigint,
	CONSTRAINT "observation_notes_observation_id_id_pk" PRIMARY KEY("observation_id","id")
);
--> statement-breakpoint
CREATE TABLE "observation_observers" (
	"observation_id" text NOT NULL,
	"user_id" text NOT NULL,
	"position" integer NOT NULL,
	"strengths" text DEFAULT '' NOT NULL,
	"suggestions" text DEFAULT '[]' NOT NULL,
	"submitted_at" bigint,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "observation_observers_observation_id_user_id_pk" PRIMARY KEY("observation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "observation_points" (
	"observation_id" text NOT NULL,
	"point_key" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "observation_points_observation_id_point_key_pk" PRIMARY KEY("observation_id","point_key")
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"version_id" integer NOT NULL,
	"version_name" text NOT NULL,
	"steps" text NOT NULL,
	"rubric_version_id" text NOT NULL,
	"teacher_id" text NOT NULL,
	"school_id" text NOT NULL,
	"group_id" text,
	"class_name" text NOT NULL,
	"room" text NOT NULL,
	"starts_at" bigint NOT NULL,
	"duration_minutes" integer NOT NULL,
	"status" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	"closed_at" bigint,
	"closed_by" text
);
--> statement-breakpoint
CREATE TABLE "rubric_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"rubric_id" text NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"definition" text NOT NULL,
	"created_by" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rubrics" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"mode" text NOT NULL,
	"current_version_id" text NOT NULL,
	"created_by" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "observation_id" text;--> statement-breakpoint
ALTER TABLE "observation_group_settings" ADD CONSTRAINT "observation_group_settings_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation_marks" ADD CONSTRAINT "observation_marks_observation_id_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "observations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation_notes" ADD CONSTRAINT "observation_notes_observation_id_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "observations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation_observers" ADD CONSTRAINT "observation_observers_observation_id_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "observations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation_observers" ADD CONSTRAINT "observation_observers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observation_points" ADD CONSTRAINT "observation_points_observation_id_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "observations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_rubric_version_id_rubric_versions_id_fk" FOREIGN KEY ("rubric_version_id") REFERENCES "rubric_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_teacher_id_users_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_versions" ADD CONSTRAINT "rubric_versions_rubric_id_rubrics_id_fk" FOREIGN KEY ("rubric_id") REFERENCES "rubrics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observation_notes_observer" ON "observation_notes" USING btree ("observation_id","observer_id");--> statement-breakpoint
CREATE INDEX "observation_observers_user" ON "observation_observers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "observations_teacher" ON "observations" USING btree ("teacher_id","starts_at");--> statement-breakpoint
CREATE INDEX "observations_group" ON "observations" USING btree ("group_id","starts_at");--> statement-breakpoint
CREATE INDEX "observations_document" ON "observations" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "rubric_versions_rubric" ON "rubric_versions" USING btree ("rubric_id","number");