/**
 * What activation creates in ConnectWise, by the names Digital Bridge uses (reference td-synnex.md §8).
 * Templates refer to these constants, never to string literals, and look the ids up in cw-setup-ids.ts.
 */
export const TDS_VENDOR = { identifier: 'TDSYNNEX', name: 'TD SYNNEX' } as const;

export const TDS_PO_STATUS = {
  send: 'Send to TDS',
  accepted: 'TDS Accepted',
  released: 'TDS Released',
  shipped: 'TDS Shipped',
  invoiced: 'TDS Invoiced',
  closed: 'TDS Closed',
  /** TD SYNNEX refused the order (nothing placed); Create Orders puts the reason in "TDS Message". */
  rejected: 'TDS Rejected',
} as const;
export type TdsPoStatusName = (typeof TDS_PO_STATUS)[keyof typeof TDS_PO_STATUS];

/** Only "TDS Closed" closes the purchase order. */
export const CLOSED_PO_STATUSES: readonly string[] = [TDS_PO_STATUS.closed];

/** Values of the opportunity field "TDS Sync Price". */
export const TDS_SYNC_PRICE = { request: 'Get TDS Price', done: 'TDS Price Updated' } as const;

export interface CustomFieldSpec {
  /** Custom-field screen (`system/userDefinedFields` screenId). */
  screen: 'purchaseorder' | 'opportunity';
  caption: string;
  fieldTypeIdentifier: 'Checkbox' | 'Text' | 'TextArea';
  entryTypeIdentifier: 'EntryField' | 'List';
  options?: readonly string[];
  helpText: string;
  listViewFlag?: boolean;
}

/** Key of a custom field in tenant_cw_setup: `<screen>/<caption>`. */
export const fieldKey = (f: Pick<CustomFieldSpec, 'screen' | 'caption'>) => `${f.screen}/${f.caption}`;

export const TDS_CUSTOM_FIELDS = {
  sendToTds: {
    screen: 'purchaseorder',
    caption: 'Send to TDS',
    fieldTypeIdentifier: 'Checkbox',
    entryTypeIdentifier: 'EntryField',
    helpText: 'Ticked: tds-bridge submits this purchase order to TD SYNNEX and keeps its status up to date.',
    listViewFlag: true,
  },
  orderNumbers: {
    screen: 'purchaseorder',
    caption: 'TDS Order Numbers',
    fieldTypeIdentifier: 'Text',
    entryTypeIdentifier: 'EntryField',
    helpText: 'TD SYNNEX sales order number(s) of this purchase order, written by tds-bridge.',
  },
  message: {
    screen: 'purchaseorder',
    caption: 'TDS Message',
    fieldTypeIdentifier: 'TextArea',
    entryTypeIdentifier: 'EntryField',
    helpText: "TD SYNNEX's last acknowledgement or error for this purchase order, written by tds-bridge.",
  },
  syncPrice: {
    screen: 'opportunity',
    caption: 'TDS Sync Price',
    fieldTypeIdentifier: 'Text',
    entryTypeIdentifier: 'List',
    options: [TDS_SYNC_PRICE.request, TDS_SYNC_PRICE.done],
    helpText: 'Choose "Get TDS Price" to refresh cost and availability of the products from TD SYNNEX.',
  },
} as const satisfies Record<string, CustomFieldSpec>;

/** ConnectWise callback types tds-bridge listens to. */
export const TDS_CALLBACK_TYPES = ['PurchaseOrder', 'Opportunity'] as const;
