ALTER TABLE `consent_receipts` ADD `email_replies` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `origin` text DEFAULT 'chat' NOT NULL;