CREATE TABLE `shared_claims` (
	`scope` text NOT NULL,
	`tenant_id` text NOT NULL,
	`subject` text NOT NULL,
	`holder` text NOT NULL,
	`claimed_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`hits` integer DEFAULT 1 NOT NULL,
	`details` text,
	PRIMARY KEY(`scope`, `tenant_id`, `subject`)
);
--> statement-breakpoint
CREATE TABLE `intake_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`payload` text NOT NULL,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`not_before` text NOT NULL,
	`lease_owner` text,
	`lease_expires_at` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`finished_at` text,
	`keep_until` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `intake_requests_key` ON `intake_requests` (`tenant_id`,`kind`,`key`);--> statement-breakpoint
CREATE INDEX `intake_requests_due` ON `intake_requests` (`state`,`not_before`);--> statement-breakpoint
CREATE INDEX `intake_requests_keep` ON `intake_requests` (`keep_until`);