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
CREATE INDEX `order_tracking_ticket` ON `order_tracking` (`tenant_id`,`ticket_id`);