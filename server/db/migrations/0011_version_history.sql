CREATE TABLE `document_clients` (
	`document_id` text NOT NULL,
	`client_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`school_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`document_id`, `client_id`)
);
--> statement-breakpoint
ALTER TABLE `document_versions` ADD `created_by` text;--> statement-breakpoint
ALTER TABLE `document_versions` ADD `milestone` text;--> statement-breakpoint
ALTER TABLE `document_versions` ADD `editors` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `document_versions` ADD `changed_parts` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `document_versions` ADD `encoding` text DEFAULT 'yjs' NOT NULL;