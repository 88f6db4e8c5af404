CREATE TABLE "document_refused_edits" (
	"document_id" text NOT NULL,
	"client_id" bigint NOT NULL,
	"from_clock" bigint NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "document_refused_edits_document" ON "document_refused_edits" USING btree ("document_id");