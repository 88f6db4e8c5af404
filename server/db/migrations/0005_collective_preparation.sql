CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`actor_id` text,
	`document_id` text,
	`task_id` text,
	`session_id` text,
	`excerpt` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `plan_lifecycle` (
	`document_id` text PRIMARY KEY NOT NULL,
	`task_id` text,
	`main_preparer_id` text,
	`signed_version_id` integer,
	`signed_by` text,
	`signed_at` integer,
	`common_plan_id` text,
	`base_version_id` integer,
	`class_name` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `prep_tasks`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`main_preparer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`common_plan_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `plan_lifecycle_common` ON `plan_lifecycle` (`common_plan_id`);--> statement-breakpoint
CREATE TABLE `plan_reflections` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`author_id` text NOT NULL,
	`class_name` text NOT NULL,
	`taught_on` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_reflections_document` ON `plan_reflections` (`document_id`);--> statement-breakpoint
CREATE TABLE `prep_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`group_id` text,
	`task_id` text,
	`minutes_document_id` text,
	`host_id` text NOT NULL,
	`agenda` text NOT NULL,
	`state` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`task_id`) REFERENCES `prep_tasks`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`minutes_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `prep_sessions_document` ON `prep_sessions` (`document_id`);--> statement-breakpoint
CREATE TABLE `prep_task_participants` (
	`task_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`task_id`, `user_id`),
	FOREIGN KEY (`task_id`) REFERENCES `prep_tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `prep_task_participants_user` ON `prep_task_participants` (`user_id`);--> statement-breakpoint
CREATE TABLE `prep_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL,
	`unit` text NOT NULL,
	`lesson` text NOT NULL,
	`main_preparer_id` text NOT NULL,
	`due_date` text NOT NULL,
	`discussion_at` integer,
	`document_id` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`main_preparer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `prep_tasks_group` ON `prep_tasks` (`group_id`);--> statement-breakpoint
CREATE TABLE `session_attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `prep_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `session_attendance_session` ON `session_attendance` (`session_id`);--> statement-breakpoint
CREATE TABLE `session_votes` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`proposal` text NOT NULL,
	`opened_at` integer NOT NULL,
	`closed_at` integer,
	`ballots` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `prep_sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_votes_session` ON `session_votes` (`session_id`);