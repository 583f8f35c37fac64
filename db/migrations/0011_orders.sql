CREATE TABLE `order_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`cw_po_id` integer NOT NULL,
	`kind` text NOT NULL,
	`code` text,
	`message` text NOT NULL,
	`ok` integer,
	`upstream_at` text,
	`details` text,
	`at` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_events_po` ON `order_events` (`tenant_id`,`cw_po_id`,`id`);--> statement-breakpoint
CREATE INDEX `order_events_kind` ON `order_events` (`tenant_id`,`kind`);--> statement-breakpoint
CREATE TABLE `order_tracking` (
	`tenant_id` text NOT NULL,
	`cw_po_id` integer NOT NULL,
	`cw_po_number` text NOT NULL,
	`link` text NOT NULL,
	`tds_po_numbers` text NOT NULL,
	`typed_order_number` text,
	`ticket_id` integer,
	`tds_status` text,
	`cw_status` text,
	`lines` text NOT NULL,
	`invoices` text NOT NULL,
	`notified` text NOT NULL,
	`done` integer DEFAULT false NOT NULL,
	`received_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`last_checked_at` text,
	`last_changed_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `cw_po_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_tracking_open` ON `order_tracking` (`tenant_id`,`done`,`last_checked_at`);--> statement-breakpoint
CREATE INDEX `order_tracking_ticket` ON `order_tracking` (`tenant_id`,`ticket_id`);--> statement-breakpoint
CREATE TABLE `order_submissions` (
	`tenant_id` text NOT NULL,
	`tds_po_number` text NOT NULL,
	`cw_po_id` integer NOT NULL,
	`generation` integer NOT NULL,
	`batch` integer DEFAULT 1 NOT NULL,
	`line_ids` text NOT NULL,
	`state` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`status_checks` integer DEFAULT 0 NOT NULL,
	`claim_owner` text,
	`claim_expires_at` text,
	`not_before` text,
	`tds_order_numbers` text NOT NULL,
	`test_mode` integer DEFAULT false NOT NULL,
	`rejection_code` text,
	`rejection_reason` text,
	`last_error_code` text,
	`last_error_message` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`sent_at` text,
	`resolved_at` text,
	PRIMARY KEY(`tenant_id`, `tds_po_number`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `order_submissions_po` ON `order_submissions` (`tenant_id`,`cw_po_id`,`generation`);--> statement-breakpoint
CREATE INDEX `order_submissions_open` ON `order_submissions` (`tenant_id`,`state`) WHERE "order_submissions"."state" in ('pending', 'sending', 'unknown');--> statement-breakpoint
CREATE TABLE `orders` (
	`tenant_id` text NOT NULL,
	`cw_po_id` integer NOT NULL,
	`cw_po_number` text NOT NULL,
	`state` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`generation` integer DEFAULT 0 NOT NULL,
	`tds_po_number` text NOT NULL,
	`batch_count` integer DEFAULT 0 NOT NULL,
	`tds_order_numbers` text NOT NULL,
	`test_mode` integer DEFAULT false NOT NULL,
	`requested_by` text,
	`requested_via` text NOT NULL,
	`request_count` integer DEFAULT 1 NOT NULL,
	`restarted_from` text,
	`last_requested_at` text NOT NULL,
	`ignored_requests` integer DEFAULT 0 NOT NULL,
	`approvals` text NOT NULL,
	`amount` real,
	`issues` text NOT NULL,
	`rejection_code` text,
	`rejection_reason` text,
	`last_error_code` text,
	`last_error_message` text,
	`submitted` text,
	`changes` text NOT NULL,
	`writeback` text DEFAULT 'none' NOT NULL,
	`writeback_attempts` integer DEFAULT 0 NOT NULL,
	`cw_written_updated_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`submitted_at` text,
	`resolved_at` text,
	PRIMARY KEY(`tenant_id`, `cw_po_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `orders_state` ON `orders` (`tenant_id`,`state`);--> statement-breakpoint
CREATE INDEX `orders_writeback` ON `orders` (`tenant_id`,`writeback`);--> statement-breakpoint
CREATE INDEX `orders_tds_po_number` ON `orders` (`tenant_id`,`tds_po_number`);