CREATE TABLE "document_clients" (
	"document_id" text NOT NULL,
	"client_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"school_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "document_clients_document_id_client_id_pk" PRIMARY KEY("document_id","client_id")
);
--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "created_by" text;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "milestone" text;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "editors" text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "changed_parts" text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "encoding" text DEFAULT 'yjs' NOT NULL;