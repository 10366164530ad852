CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`object_key` text NOT NULL,
	`name_enc` text NOT NULL,
	`type` text NOT NULL,
	`size` integer NOT NULL,
	`uploader_key` text NOT NULL,
	`message_client_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_conversation` ON `attachments` (`account_id`,`conversation_id`);--> statement-breakpoint
CREATE INDEX `attachments_unsent` ON `attachments` (`message_client_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `file_count` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `attachment` text;--> statement-breakpoint
ALTER TABLE `widgets` ADD `attachments_enabled` integer;--> statement-breakpoint
ALTER TABLE `widgets` ADD `attachment_max_megabytes` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `widgets` ADD `attachment_types` text DEFAULT '["image","pdf","text","office"]' NOT NULL;