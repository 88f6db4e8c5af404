CREATE TABLE `document_refused_edits` (
	`document_id` text NOT NULL,
	`client_id` integer NOT NULL,
	`from_clock` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `document_refused_edits_document` ON `document_refused_edits` (`document_id`);