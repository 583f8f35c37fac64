/**
 * How faithfully (or how verbosely) the TD SYNNEX simulator answers where public captures leave a choice.
 * Defaults follow the captures (reference "corrections from public captures"); the other values keep the
 * richer, unconfirmed behaviour available as documented options so the product can be tested against both.
 * Changed at run time with `PUT /_sim/settings` (sim-control.ts), so a test can switch without a restart.
 */
import * as z from 'zod';

export const TdsSimSettingsSchema = z.object({
  /**
   * `observed`: line codes accepted → shipped → invoiced only (a partial shipment is `shipped` with
   * ShipQuantity < OrderQuantity), as a production parser sees them. `extended`: also released, backordered,
   * partial and closed (the earlier simulator's invention, unconfirmed).
   */
  lineCodes: z.enum(['observed', 'extended']).default('observed'),
  /** `captured`: PO answer with `<OrderType>99</OrderType>` and an empty `<ShipFromWarehouse/>`; `detailed`: SO/BO and the warehouse. */
  orderAnswer: z.enum(['captured', 'detailed']).default('captured'),
  /** Where business errors and refused logins go: top-level `errorMessage`/`errorDetail`, nested `ErrorMessage`/`ErrorDetail` in the response element, or a `BizError` element. */
  errorLayout: z.enum(['top-level', 'nested', 'biz-error']).default('top-level'),
  /** Name of the back-order ETA element in status answers (`ETADate` per a production parser; `EtaDate` per the SDK types). */
  etaElement: z.enum(['ETADate', 'EtaDate']).default('ETADate'),
});
export type TdsSimSettings = z.infer<typeof TdsSimSettingsSchema>;

export function defaultTdsSimSettings(overrides: Partial<TdsSimSettings> = {}): TdsSimSettings {
  return TdsSimSettingsSchema.parse(overrides);
}
