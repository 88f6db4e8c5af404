CREATE TABLE "comment_log" (
	"comment_id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"thread_id" text NOT NULL,
	"author_id" text NOT NULL,
	"school_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"deleted_at" bigint
);
--> statement-breakpoint
CREATE TABLE "session_turns" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"school_id" text NOT NULL,
	"given_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "session_turns" ADD CONSTRAINT "session_turns_session_id_prep_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "prep_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comment_log_document" ON "comment_log" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "comment_log_created" ON "comment_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "session_turns_session" ON "session_turns" USING btree ("session_id");