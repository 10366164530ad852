ALTER TABLE `widgets` ADD `greeting_texts` text;--> statement-breakpoint
ALTER TABLE `widgets` ADD `title_texts` text;