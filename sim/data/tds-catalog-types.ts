/** Shapes and defaults of the simulated TD SYNNEX catalogue (see tds-catalog.ts). */
import type { TdsWarehouse } from './tds-warehouses.ts';

export interface TdsCatalogProduct {
  index: number;
  sku: string;
  mfgPN: string;
  mfgCode: string;
  manufacturer: string;
  description: string;
  /** 9 digits. */
  categoryCode: string;
  unitCost: number;
  msrp: number;
  status: 'Active' | 'Discontinued';
  upc: string;
  weightLb: number;
  /** Extras the simulator uses (price file, shipments). */
  manufacturerKey: string;
  vendorNo: string;
  unspsc: string;
  serialized: boolean;
  /** When the SKU was created (ISO date-time); before any `lastModified`. */
  createdAt: string;
}

export interface TdsCatalogOptions {
  seed?: number;
  size?: number;
  warehouses?: readonly TdsWarehouse[];
}

export interface TdsWarehouseStock {
  warehouse: TdsWarehouse;
  qty: number;
  onOrderQuantity?: number;
  /** YYYY-MM-DD; absent when TD SYNNEX has no ETA (unknown, not "never"). */
  estimatedArrivalDate?: string;
}

export interface TdsAvailability {
  /** Sum of physical warehouses (the virtual drop-ship location 98 is not counted). */
  totalQuantity: number;
  dropShipQuantity: number;
  warehouses: TdsWarehouseStock[];
}

export const DEFAULT_TDS_SEED = 42;
export const DEFAULT_TDS_CATALOG_SIZE = 120_000;
/** Share of products whose data changes on any given day (drives `modifiedFrom` and the delta price file). */
export const TDS_DAILY_CHANGE_RATE = 0.02;
