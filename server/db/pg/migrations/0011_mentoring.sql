CREATE TABLE "mentoring_guidance" (
	"id" text PRIMARY KEY NOT NULL,
	"pair_id" text NOT NULL,
	"document_id" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mentoring_pairs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"mentor_id" text,
	"mentee_id" text,
	"mentor_school_id" text NOT NULL,
	"mentee_school_id" text NOT NULL,
	"group_id" text,
	"status" text NOT NULL,
	"start_date" text NOT NULL,
	"end_date" text NOT NULL,
	"goals" text DEFAULT '' NOT NULL,
	"duties" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	"accepted_at" bigint,
	"ended_at" bigint,
	"ended_by" text,
	"end_reason" text
);
--> statement-breakpoint
ALTER TABLE "mentoring_guidance" ADD CONSTRAINT "mentoring_guidance_pair_id_mentoring_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "mentoring_pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_guidance" ADD CONSTRAINT "mentoring_guidance_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_mentor_id_users_id_fk" FOREIGN KEY ("mentor_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_mentee_id_users_id_fk" FOREIGN KEY ("mentee_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_mentor_school_id_schools_id_fk" FOREIGN KEY ("mentor_school_id") REFERENCES "schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_mentee_school_id_schools_id_fk" FOREIGN KEY ("mentee_school_id") REFERENCES "schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_pairs" ADD CONSTRAINT "mentoring_pairs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mentoring_guidance_pair" ON "mentoring_guidance" USING btree ("pair_id","document_id");--> statement-breakpoint
CREATE INDEX "mentoring_pairs_mentor" ON "mentoring_pairs" USING btree ("mentor_id");--> statement-breakpoint
CREATE INDEX "mentoring_pairs_mentee" ON "mentoring_pairs" USING btree ("mentee_id");--> statement-breakpoint
CREATE INDEX "mentoring_pairs_group" ON "mentoring_pairs" USING btree ("group_id");