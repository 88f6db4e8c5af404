CREATE INDEX `documents_adapted_from` ON `documents` (`adapted_from_entry_id`);--> statement-breakpoint
CREATE INDEX `session_attendance_session_user` ON `session_attendance` (`session_id`,`user_id`);