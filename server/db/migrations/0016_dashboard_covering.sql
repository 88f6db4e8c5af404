CREATE INDEX `comment_log_document_cover` ON `comment_log` (`document_id`,`deleted_at`,`author_id`,`school_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `document_clients_document_user` ON `document_clients` (`document_id`,`user_id`,`school_id`);--> statement-breakpoint
CREATE INDEX `documents_dashboard_scope` ON `documents` (`id`,`kind`,`deleted_at`,`group_id`,`school_id`,`subject`,`grade`,`created_at`);--> statement-breakpoint
CREATE INDEX `prep_sessions_document_cover` ON `prep_sessions` (`document_id`,`id`,`started_at`,`ended_at`);--> statement-breakpoint
CREATE INDEX `session_attendance_session_user_joined` ON `session_attendance` (`session_id`,`user_id`,`joined_at`);--> statement-breakpoint
CREATE INDEX `session_turns_session_school` ON `session_turns` (`session_id`,`school_id`);