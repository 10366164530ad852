DROP INDEX `conversations_email_bidx`;--> statement-breakpoint
CREATE INDEX `conversations_email_bidx` ON `conversations` (`account_id`,`visitor_email_bidx`,`created_at`,`id`);