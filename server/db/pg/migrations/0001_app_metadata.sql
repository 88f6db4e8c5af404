-- drizzle-kit qualifies references with "public"; removed so that the tables may live in another schema (search_path), as tests do.
CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" bigint NOT NULL,
	"last_used_at" bigint,
	"revoked_at" bigint,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"actor_id" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"school_id" text,
	"ip" text,
	"details" text
);
--> statement-breakpoint
CREATE TABLE "document_content" (
	"document_id" text PRIMARY KEY NOT NULL,
	"json" text NOT NULL,
	"text" text NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"school_id" text NOT NULL,
	"group_id" text,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"grade" text DEFAULT '' NOT NULL,
	"textbook_edition" text DEFAULT '' NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"lesson" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"visibility" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"deleted_at" bigint,
	"adapted_from_entry_id" text,
	"adapted_from_version" integer
);
--> statement-breakpoint
CREATE TABLE "group_members" (
	"group_id" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "group_members_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"subject" text NOT NULL,
	"grade" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"source_document_id" text NOT NULL,
	"publisher_id" text NOT NULL,
	"school_id" text NOT NULL,
	"title" text NOT NULL,
	"subject" text NOT NULL,
	"grade" text NOT NULL,
	"textbook_edition" text NOT NULL,
	"unit" text NOT NULL,
	"lesson" text NOT NULL,
	"keywords" text NOT NULL,
	"authors" text NOT NULL,
	"licence" text NOT NULL,
	"status" text NOT NULL,
	"latest_version" integer NOT NULL,
	"view_count" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_reviews" (
	"entry_id" text NOT NULL,
	"user_id" text NOT NULL,
	"stars" integer NOT NULL,
	"comment" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "library_reviews_entry_id_user_id_pk" PRIMARY KEY("entry_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "library_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"require_review" integer DEFAULT 0 NOT NULL,
	"reviewer_ids" text NOT NULL,
	"updated_by" text,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_submissions" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"submitted_by" text NOT NULL,
	"school_id" text NOT NULL,
	"title" text NOT NULL,
	"keywords" text NOT NULL,
	"licence" text NOT NULL,
	"state" "bytea" NOT NULL,
	"status" text NOT NULL,
	"reviewer_id" text,
	"review_comment" text,
	"reviewed_at" bigint,
	"entry_id" text,
	"version" integer,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "library_versions" (
	"entry_id" text NOT NULL,
	"version" integer NOT NULL,
	"state" "bytea" NOT NULL,
	"json" text NOT NULL,
	"text" text NOT NULL,
	"published_by" text NOT NULL,
	"published_at" bigint NOT NULL,
	CONSTRAINT "library_versions_entry_id_version_pk" PRIMARY KEY("entry_id","version")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"actor_id" text,
	"document_id" text,
	"task_id" text,
	"session_id" text,
	"excerpt" text DEFAULT '' NOT NULL,
	"created_at" bigint NOT NULL,
	"read_at" bigint
);
--> statement-breakpoint
CREATE TABLE "plan_lifecycle" (
	"document_id" text PRIMARY KEY NOT NULL,
	"task_id" text,
	"main_preparer_id" text,
	"signed_version_id" integer,
	"signed_by" text,
	"signed_at" bigint,
	"common_plan_id" text,
	"base_version_id" integer,
	"class_name" text
);
--> statement-breakpoint
CREATE TABLE "plan_reflections" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"author_id" text NOT NULL,
	"class_name" text NOT NULL,
	"taught_on" text NOT NULL,
	"text" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prep_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"group_id" text,
	"task_id" text,
	"minutes_document_id" text,
	"host_id" text NOT NULL,
	"agenda" text NOT NULL,
	"state" text NOT NULL,
	"started_at" bigint NOT NULL,
	"ended_at" bigint
);
--> statement-breakpoint
CREATE TABLE "prep_task_participants" (
	"task_id" text NOT NULL,
	"user_id" text NOT NULL,
	CONSTRAINT "prep_task_participants_task_id_user_id_pk" PRIMARY KEY("task_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "prep_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"unit" text NOT NULL,
	"lesson" text NOT NULL,
	"main_preparer_id" text NOT NULL,
	"due_date" text NOT NULL,
	"discussion_at" bigint,
	"document_id" text,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"deleted_at" bigint
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "schools_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "session_attendance" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"user_id" text NOT NULL,
	"joined_at" bigint NOT NULL,
	"left_at" bigint
);
--> statement-breakpoint
CREATE TABLE "session_votes" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"proposal" text NOT NULL,
	"opened_at" bigint NOT NULL,
	"closed_at" bigint,
	"ballots" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"owner_id" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"school_id" text NOT NULL,
	"role" text NOT NULL,
	"language" text DEFAULT 'zh-CN' NOT NULL,
	"password_hash" text NOT NULL,
	"disabled" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_content" ADD CONSTRAINT "document_content_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_entries" ADD CONSTRAINT "library_entries_source_document_id_documents_id_fk" FOREIGN KEY ("source_document_id") REFERENCES "documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_entries" ADD CONSTRAINT "library_entries_publisher_id_users_id_fk" FOREIGN KEY ("publisher_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_entries" ADD CONSTRAINT "library_entries_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_reviews" ADD CONSTRAINT "library_reviews_entry_id_library_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "library_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_reviews" ADD CONSTRAINT "library_reviews_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_submissions" ADD CONSTRAINT "library_submissions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_submissions" ADD CONSTRAINT "library_submissions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "library_versions" ADD CONSTRAINT "library_versions_entry_id_library_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "library_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_lifecycle" ADD CONSTRAINT "plan_lifecycle_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_lifecycle" ADD CONSTRAINT "plan_lifecycle_task_id_prep_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "prep_tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_lifecycle" ADD CONSTRAINT "plan_lifecycle_main_preparer_id_users_id_fk" FOREIGN KEY ("main_preparer_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_lifecycle" ADD CONSTRAINT "plan_lifecycle_common_plan_id_documents_id_fk" FOREIGN KEY ("common_plan_id") REFERENCES "documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_reflections" ADD CONSTRAINT "plan_reflections_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_reflections" ADD CONSTRAINT "plan_reflections_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_sessions" ADD CONSTRAINT "prep_sessions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_sessions" ADD CONSTRAINT "prep_sessions_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_sessions" ADD CONSTRAINT "prep_sessions_task_id_prep_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "prep_tasks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_sessions" ADD CONSTRAINT "prep_sessions_minutes_document_id_documents_id_fk" FOREIGN KEY ("minutes_document_id") REFERENCES "documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_sessions" ADD CONSTRAINT "prep_sessions_host_id_users_id_fk" FOREIGN KEY ("host_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_task_participants" ADD CONSTRAINT "prep_task_participants_task_id_prep_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "prep_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_task_participants" ADD CONSTRAINT "prep_task_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_tasks" ADD CONSTRAINT "prep_tasks_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_tasks" ADD CONSTRAINT "prep_tasks_main_preparer_id_users_id_fk" FOREIGN KEY ("main_preparer_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_tasks" ADD CONSTRAINT "prep_tasks_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prep_tasks" ADD CONSTRAINT "prep_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_session_id_prep_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "prep_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_attendance" ADD CONSTRAINT "session_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_votes" ADD CONSTRAINT "session_votes_session_id_prep_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "prep_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_at" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "documents_school" ON "documents" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "documents_group" ON "documents" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "documents_owner" ON "documents" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "group_members_user" ON "group_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "library_entries_source" ON "library_entries" USING btree ("source_document_id");--> statement-breakpoint
CREATE INDEX "library_submissions_status" ON "library_submissions" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "library_submissions_document" ON "library_submissions" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "notifications_user" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "plan_lifecycle_common" ON "plan_lifecycle" USING btree ("common_plan_id");--> statement-breakpoint
CREATE INDEX "plan_reflections_document" ON "plan_reflections" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "prep_sessions_document" ON "prep_sessions" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "prep_task_participants_user" ON "prep_task_participants" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "prep_tasks_group" ON "prep_tasks" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "session_attendance_session" ON "session_attendance" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "session_votes_session" ON "session_votes" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "uploads_document" ON "uploads" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "users_school" ON "users" USING btree ("school_id");