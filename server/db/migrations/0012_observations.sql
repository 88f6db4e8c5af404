CREATE TABLE `observation_group_settings` (
	`group_id` text PRIMARY KEY NOT NULL,
	`show_observer_names` integer DEFAULT true NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `observation_marks` (
	`observation_id` text NOT NULL,
	`observer_id` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`observation_id`, `observer_id`, `kind`, `key`),
	FOREIGN KEY (`observation_id`) REFERENCES `observations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `observation_notes` (
	`observation_id` text NOT NULL,
	`id` text NOT NULL,
	`observer_id` text NOT NULL,
	`step` integer,
	`point` text,
	`text` text NOT NULL,
	`noted_at` integer NOT NULL,
	`edited_at` integer NOT NULL,
	`deleted_at` integer,
	PRIMARY KEY(`observation_id`, `id`),
	FOREIGN KEY (`observation_id`) REFERENCES `observations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `observation_notes_observer` ON `observation_notes` (`observation_id`,`observer_id`);--> statement-breakpoint
CREATE TABLE `observation_observers` (
	`observation_id` text NOT NULL,
	`user_id` text NOT NULL,
	`position` integer NOT NULL,
	`strengths` text DEFAULT '' NOT NULL,
	`suggestions` text DEFAULT '[]' NOT NULL,
	`submitted_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`observation_id`, `user_id`),
	FOREIGN KEY (`observation_id`) REFERENCES `observations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `observation_observers_user` ON `observation_observers` (`user_id`);--> statement-breakpoint
CREATE TABLE `observation_points` (
	`observation_id` text NOT NULL,
	`point_key` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`observation_id`, `point_key`),
	FOREIGN KEY (`observation_id`) REFERENCES `observations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `observations` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`version_id` integer NOT NULL,
	`version_name` text NOT NULL,
	`steps` text NOT NULL,
	`rubric_version_id` text NOT NULL,
	`teacher_id` text NOT NULL,
	`school_id` text NOT NULL,
	`group_id` text,
	`class_name` text NOT NULL,
	`room` text NOT NULL,
	`starts_at` integer NOT NULL,
	`duration_minutes` integer NOT NULL,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	`closed_by` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rubric_version_id`) REFERENCES `rubric_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`teacher_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `observations_teacher` ON `observations` (`teacher_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `observations_group` ON `observations` (`group_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `observations_document` ON `observations` (`document_id`);--> statement-breakpoint
CREATE TABLE `rubric_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`rubric_id` text NOT NULL,
	`number` integer NOT NULL,
	`name` text NOT NULL,
	`definition` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`rubric_id`) REFERENCES `rubrics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rubric_versions_rubric` ON `rubric_versions` (`rubric_id`,`number`);--> statement-breakpoint
CREATE TABLE `rubrics` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`mode` text NOT NULL,
	`current_version_id` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `notifications` ADD `observation_id` text;