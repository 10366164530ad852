ALTER TABLE `conversation_tags` ADD `label` text;--> statement-breakpoint
ALTER TABLE `operators` ADD `notify_desktop` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `operators` ADD `notify_with_content` integer DEFAULT false NOT NULL;