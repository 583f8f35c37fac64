CREATE TABLE `rate_counters` (
	`scope` text NOT NULL,
	`subject` text NOT NULL,
	`window_start` integer NOT NULL,
	`hits` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`scope`, `subject`, `window_start`)
);
--> statement-breakpoint
CREATE INDEX `rate_counters_window` ON `rate_counters` (`window_start`);--> statement-breakpoint
CREATE TABLE `sign_in_refusals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`tenant_id` text,
	`ip` text NOT NULL,
	`status` integer NOT NULL,
	`code` text NOT NULL,
	`company_id` text,
	`member_id` text
);
--> statement-breakpoint
CREATE INDEX `sign_in_refusals_at` ON `sign_in_refusals` (`at`);--> statement-breakpoint
CREATE INDEX `sign_in_refusals_tenant_at` ON `sign_in_refusals` (`tenant_id`,`at`);