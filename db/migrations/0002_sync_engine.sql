CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`template_id` text NOT NULL,
	`state` text NOT NULL,
	`trigger` text NOT NULL,
	`requested_by` text,
	`full` integer DEFAULT false NOT NULL,
	`settings` text NOT NULL,
	`checkpoint` text,
	`steps` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`not_before` text,
	`last_error` text,
	`lease_owner` text,
	`lease_expires_at` text,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`counts` text NOT NULL,
	`skipped_reasons` text NOT NULL,
	`warnings` text NOT NULL,
	`progress` text,
	`upstream_calls` integer DEFAULT 0 NOT NULL,
	`upstream_ms` integer DEFAULT 0 NOT NULL,
	`active_ms` integer DEFAULT 0 NOT NULL,
	`error_code` text,
	`error_message` text,
	`created_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_runs_one_active` ON `sync_runs` (`tenant_id`,`template_id`) WHERE "sync_runs"."state" in ('scheduled', 'running');--> statement-breakpoint
CREATE INDEX `sync_runs_tenant_template` ON `sync_runs` (`tenant_id`,`template_id`,`id`);--> statement-breakpoint
CREATE INDEX `sync_runs_state` ON `sync_runs` (`state`,`not_before`);--> statement-breakpoint
CREATE TABLE `sync_activity` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`template_id` text,
	`run_id` integer,
	`at` text NOT NULL,
	`level` text NOT NULL,
	`scope` text NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`entity_type` text,
	`entity_id` text,
	`upstream_route` text,
	`upstream_status` integer,
	`duration_ms` integer,
	`counts` text,
	`details` text,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sync_activity_tenant` ON `sync_activity` (`tenant_id`,`id`);--> statement-breakpoint
CREATE INDEX `sync_activity_tenant_at` ON `sync_activity` (`tenant_id`,`at`);--> statement-breakpoint
CREATE INDEX `sync_activity_run` ON `sync_activity` (`run_id`,`id`);--> statement-breakpoint
CREATE INDEX `sync_activity_tenant_template` ON `sync_activity` (`tenant_id`,`template_id`,`id`);--> statement-breakpoint
CREATE INDEX `sync_activity_tenant_entity` ON `sync_activity` (`tenant_id`,`entity_id`);--> statement-breakpoint
CREATE INDEX `sync_activity_tenant_level_at` ON `sync_activity` (`tenant_id`,`level`,`at`);--> statement-breakpoint
CREATE TABLE `sync_schedules` (
	`tenant_id` text NOT NULL,
	`template_id` text NOT NULL,
	`cron` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`time_zone` text NOT NULL,
	`next_run_at` text,
	`last_scheduled_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `template_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sync_template_settings` (
	`tenant_id` text NOT NULL,
	`template_id` text NOT NULL,
	`settings` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	PRIMARY KEY(`tenant_id`, `template_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
