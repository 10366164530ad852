ALTER TABLE `conversations` ADD `verified_user_enc` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `verified_user_bidx` text;--> statement-breakpoint
CREATE INDEX `conversations_verified_user_bidx` ON `conversations` (`account_id`,`verified_user_bidx`,`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `widgets` ADD `identity_verification` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `widgets` ADD `identity_secret_enc` text;