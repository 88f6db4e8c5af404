CREATE TABLE `mentoring_guidance` (
	`id` text PRIMARY KEY NOT NULL,
	`pair_id` text NOT NULL,
	`document_id` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	FOREIGN KEY (`pair_id`) REFERENCES `mentoring_pairs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mentoring_guidance_pair` ON `mentoring_guidance` (`pair_id`,`document_id`);--> statement-breakpoint
CREATE TABLE `mentoring_pairs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`mentor_id` text,
	`mentee_id` text,
	`mentor_school_id` text NOT NULL,
	`mentee_school_id` text NOT NULL,
	`group_id` text,
	`status` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`goals` text DEFAULT '' NOT NULL,
	`duties` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`accepted_at` integer,
	`ended_at` integer,
	`ended_by` text,
	`end_reason` text,
	FOREIGN KEY (`mentor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mentee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mentor_school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mentee_school_id`) REFERENCES `schools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mentoring_pairs_mentor` ON `mentoring_pairs` (`mentor_id`);--> statement-breakpoint
CREATE INDEX `mentoring_pairs_mentee` ON `mentoring_pairs` (`mentee_id`);--> statement-breakpoint
CREATE INDEX `mentoring_pairs_group` ON `mentoring_pairs` (`group_id`);