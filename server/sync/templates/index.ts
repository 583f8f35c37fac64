/**
 * The sync templates tds-bridge runs. Entries (Node `start({ templates })`, the Worker) pass this list to
 * `createEngine`. Add a template by importing it here.
 */
import { opsAlertsTemplate } from '../../ops/alerts/template.ts';
import { opsHousekeepingTemplate } from '../../ops/housekeeping/template.ts';
import { opsReportsTemplate } from '../../ops/reports/template.ts';
import type { Template } from '../engine/index.ts';
import { createOrders } from './create-orders/template.ts';
import { orderStatusTemplate } from './order-status/index.ts';
import { priceAvailabilityTemplate } from './price-availability.ts';
import { productSync } from './product-sync.ts';

export const templates: readonly Template[] = [
  productSync,
  priceAvailabilityTemplate,
  opsAlertsTemplate,
  opsReportsTemplate,
  opsHousekeepingTemplate,
  createOrders,
  orderStatusTemplate,
];

export { createOrders, orderStatusTemplate, priceAvailabilityTemplate, productSync };
