/**
 * Step 3: custom fields (`system/userDefinedFields`): "Send to TDS" and the order-tracking fields on purchase
 * orders, "TDS Sync Price" (a list: Get TDS Price / TDS Price Updated) on opportunities. An existing field
 * of another type is left alone (it may hold data) and reported.
 */
import type { CwClient } from '../connectors/cw/client.ts';
import { type CustomFieldSpec, fieldKey, TDS_CUSTOM_FIELDS } from './names.ts';
import { lower, type PlannedStep } from './step.ts';

const options = (values: readonly string[]) =>
  values.map((optionValue, i) => ({ optionValue, defaultFlag: false, inactiveFlag: false, sortOrder: i + 1 }));

function optionValues(field: Record<string, unknown>): string[] {
  const list = Array.isArray(field.options) ? (field.options as Array<{ optionValue?: unknown }>) : [];
  return list.map((o) => String(o.optionValue ?? ''));
}

export async function planCustomFields(cw: CwClient): Promise<PlannedStep[]> {
  const [fields, screens] = await Promise.all([
    cw.list('system/userDefinedFields', { pageSize: 1000 }),
    cw.list('system/connectWiseHostedScreens', { pageSize: 1000 }).catch(() => []),
  ]);
  const podIdOf = (screen: string) => screens.find((s) => lower(s.screenId) === screen)?.id;
  const onScreen = (screen: string) =>
    fields.filter((f) => lower(f.screenId) === screen || (f.podId != null && f.podId === podIdOf(screen)));
  const nextSequence = new Map<string, number>();
  const sequenceFor = (screen: string) => {
    const next = nextSequence.get(screen) ?? Math.max(0, ...onScreen(screen).map((f) => f.sequenceNumber ?? 0)) + 1;
    nextSequence.set(screen, next + 1);
    return next;
  };

  return Object.values(TDS_CUSTOM_FIELDS).map((spec: CustomFieldSpec): PlannedStep => {
    const key = fieldKey(spec);
    const base = {
      id: `custom_field:${key}`,
      kind: 'custom_field' as const,
      key,
      name: `Custom field "${spec.caption}" on ${spec.screen === 'purchaseorder' ? 'purchase orders' : 'opportunities'}`,
    };
    const found = onScreen(spec.screen).find((f) => lower(f.caption) === lower(spec.caption));
    if (found) {
      const type = String(found.fieldTypeIdentifier ?? '');
      const typeNote =
        lower(type) === lower(spec.fieldTypeIdentifier)
          ? ''
          : ` It is of type ${type}, not ${spec.fieldTypeIdentifier}; it was left as it is.`;
      const missing = (spec.options ?? []).filter((v) => !optionValues(found).includes(v));
      if (missing.length && !typeNote) {
        const all = [...optionValues(found), ...missing];
        return {
          ...base,
          action: 'update',
          cwId: found.id,
          detail: `Field #${found.id}: add list value(s) ${missing.map((m) => `"${m}"`).join(', ')}.`,
          apply: async () =>
            (
              await cw.patch('system/userDefinedFields', found.id, [
                { op: 'replace', path: 'options', value: options(all) },
              ])
            ).id,
        };
      }
      return { ...base, action: 'exists', cwId: found.id, detail: `Field #${found.id}.${typeNote}` };
    }
    const sequenceNumber = sequenceFor(spec.screen);
    const podId = podIdOf(spec.screen);
    return {
      ...base,
      action: 'create',
      detail: `Create a ${spec.fieldTypeIdentifier}${spec.options ? ` list (${spec.options.join(' / ')})` : ''} field.`,
      apply: async () =>
        (
          await cw.create('system/userDefinedFields', {
            caption: spec.caption,
            screenId: spec.screen,
            ...(podId === undefined ? {} : { podId }),
            sequenceNumber,
            fieldTypeIdentifier: spec.fieldTypeIdentifier,
            entryTypeIdentifier: spec.entryTypeIdentifier,
            helpText: spec.helpText,
            displayOnScreenFlag: true,
            requiredFlag: false,
            readOnlyFlag: false,
            listViewFlag: spec.listViewFlag ?? false,
            ...(spec.options ? { options: options(spec.options) } : {}),
          })
        ).id,
    };
  });
}
