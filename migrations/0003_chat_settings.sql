ALTER TABLE `accounts` ADD `away_after_idle_minutes` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `operators` ADD `chat_slots` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `widgets` ADD `outside_hours` text DEFAULT 'message' NOT NULL;--> statement-breakpoint
ALTER TABLE `widgets` ADD `offer_message_after_minutes` integer DEFAULT 3;--> statement-breakpoint
ALTER TABLE `widgets` ADD `routing` text DEFAULT 'offer_all' NOT NULL;--> statement-breakpoint
ALTER TABLE `widgets` ADD `unanswered_alert_minutes` integer DEFAULT 5;