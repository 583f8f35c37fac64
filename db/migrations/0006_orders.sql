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