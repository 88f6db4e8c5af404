CREATE TABLE `library_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`source_document_id` text NOT NULL,
	`publisher_id` text NOT NULL,
	`school_id` text NOT NULL,
	`title` text NOT NULL,
	`subject` text NOT NULL,
	`grade` text NOT NULL,
	`textbook_edition` text NOT NULL,
	`unit` text NOT NULL,
	`lesson` text NOT NULL,
	`keywords` text NOT NULL,
	`authors` text NOT NULL,
	`licence` text NOT NULL,
	`status` text NOT NULL,
	`latest_version` integer NOT NULL,
	`view_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`source_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`publisher_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `library_entries_source` ON `library_entries` (`source_document_id`);--> statement-breakpoint
CREATE TABLE `library_reviews` (
	`entry_id` text NOT NULL,
	`user_id` text NOT NULL,
	`stars` integer NOT NULL,
	`comment` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `user_id`),
	FOREIGN KEY (`entry_id`) REFERENCES `library_entries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `library_versions` (
	`entry_id` text NOT NULL,
	`version` integer NOT NULL,
	`state` blob NOT NULL,
	`json` text NOT NULL,
	`text` text NOT NULL,
	`published_by` text NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `version`),
	FOREIGN KEY (`entry_id`) REFERENCES `library_entries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `documents` ADD `adapted_from_entry_id` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `adapted_from_version` integer;