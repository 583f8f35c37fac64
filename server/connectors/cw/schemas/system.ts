/** ConnectWise setup records: callbacks and their payload, custom fields, hosted pods, system info. */
import * as z from 'zod';
import { bool, info, num, str } from './base.ts';

export const CwCallbackEntry = z.looseObject({
  id: z.number(),
  description: str,
  url: str,
  objectId: num,
  type: str,
  level: str,
  memberId: num,
  inactiveFlag: bool,
  isSelfSuppressedFlag: bool,
  _info: info,
});
export type CwCallbackEntry = z.infer<typeof CwCallbackEntry>;

export const CwUserDefinedField = z.looseObject({
  id: z.number(),
  podId: num,
  screenId: str,
  caption: str,
  sequenceNumber: num,
  fieldTypeIdentifier: str,
  entryTypeIdentifier: str,
  _info: info,
});
export type CwUserDefinedField = z.infer<typeof CwUserDefinedField>;

export const CwHostedSetup = z.looseObject({
  id: z.number(),
  screenId: num,
  description: str,
  url: str,
  type: str,
  origin: str,
  podHeight: num,
  disabledFlag: bool,
  _info: info,
});
export const CwHostedScreen = z.looseObject({ id: z.number(), screenId: str, name: str });

export const CwSystemInfo = z.looseObject({ version: str, isCloud: bool, serverTimeZone: str, cloudRegion: str });
export type CwSystemInfo = z.infer<typeof CwSystemInfo>;

export const CwCallbackPayload = z.looseObject({
  MessageId: str,
  FromUrl: str,
  CompanyId: str,
  MemberId: str,
  Action: z.string(),
  Type: z.string(),
  ID: z.number(),
  Entity: z.string().nullish(),
  Metadata: z.looseObject({ key_url: z.string() }),
  CallbackObjectRecId: num,
  ProductInstanceId: z.unknown().optional(),
  PartnerId: z.unknown().optional(),
});
export type CwCallbackPayload = z.infer<typeof CwCallbackPayload>;
