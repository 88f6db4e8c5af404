CREATE TABLE `comment_log` (
	`comment_id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`thread_id` text NOT NULL,
	`author_id` text NOT NULL,
	`school_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE INDEX `comment_log_document` ON `comment_log` (`document_id`);--> statement-breakpoint
CREATE INDEX `comment_log_created` ON `comment_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `session_turns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`school_id` text NOT NULL,
	`given_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `prep_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_turns_session` ON `session_turns` (`session_id`);