CREATE TABLE "library_search" (
	"entry_id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"keywords" text NOT NULL,
	"body" text NOT NULL,
	"document" "tsvector" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "library_search_document" ON "library_search" USING gin ("document");