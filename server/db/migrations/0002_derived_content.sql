CREATE TABLE `document_content` (
	`document_id` text PRIMARY KEY NOT NULL,
	`json` text NOT NULL,
	`text` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade
);
