/** Building blocks of the ConnectWise schemas: tolerant scalars, references, custom fields. */
import * as z from 'zod';

export const str = z.string().nullish();
export const num = z.number().nullish();
export const bool = z.boolean().nullish();
export const info = z.record(z.string(), z.unknown()).nullish();

export const CwReference = z.looseObject({ id: z.number(), identifier: str, name: str, _info: info });
export type CwReference = z.infer<typeof CwReference>;
export const ref = CwReference.nullish();

export const CwCustomField = z.looseObject({
  id: z.number(),
  caption: str,
  type: str,
  entryMethod: str,
  numberOfDecimals: num,
  value: z.unknown().optional(),
  connectWiseId: str,
});
export type CwCustomField = z.infer<typeof CwCustomField>;
export const customFields = z.array(CwCustomField).nullish();

/** Any record: an id, whatever else. */
export const CwRecord = z.looseObject({ id: z.number(), _info: info });
export type CwRecord = z.infer<typeof CwRecord>;

export const CwCount = z.looseObject({ count: z.number() });
