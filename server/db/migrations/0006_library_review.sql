CREATE TABLE `library_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`require_review` integer DEFAULT false NOT NULL,
	`reviewer_ids` text NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `library_submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`submitted_by` text NOT NULL,
	`school_id` text NOT NULL,
	`title` text NOT NULL,
	`keywords` text NOT NULL,
	`licence` text NOT NULL,
	`state` blob NOT NULL,
	`status` text NOT NULL,
	`reviewer_id` text,
	`review_comment` text,
	`reviewed_at` integer,
	`entry_id` text,
	`version` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `library_submissions_status` ON `library_submissions` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `library_submissions_document` ON `library_submissions` (`document_id`);