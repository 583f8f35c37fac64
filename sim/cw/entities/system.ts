/** System entities: security roles, callbacks, custom field definitions, Hosted API setups and screens. */
import { entity, type FieldError, type Rec, TABLE_SETUP } from './types.ts';

export const CALLBACK_TYPES = [
  'Activity',
  'Agreement',
  'Company',
  'Configuration',
  'Contact',
  'Expense',
  'Invoice',
  'Member',
  'Opportunity',
  'ProductCatalog',
  'Project',
  'PurchaseOrder',
  'Schedule',
  'Site',
  'Ticket',
  'Time',
] as const;
const CALLBACK_LEVELS = [
  'Owner',
  'Board',
  'Status',
  'Type',
  'Company',
  'Activity',
  'Territory',
  'Market',
  'Project',
] as const;

export const FIELD_TYPES = [
  'TextArea',
  'Button',
  'Currency',
  'Date',
  'Hyperlink',
  'IPAddress',
  'Checkbox',
  'Number',
  'Percent',
  'Text',
  'Password',
] as const;
export const ENTRY_TYPES = ['Date', 'EntryField', 'List', 'Option'] as const;

/** Screens offering custom fields and Hosted API pods; `id` doubles as the custom-field `podId` (an assumption). */
export const SCREENS = [
  { id: 1, screenId: 'ticket', name: 'Service Ticket' },
  { id: 2, screenId: 'company', name: 'Company' },
  { id: 3, screenId: 'contact', name: 'Contact' },
  { id: 4, screenId: 'salesorder', name: 'Sales Order' },
  { id: 5, screenId: 'opportunity', name: 'Opportunity' },
  { id: 6, screenId: 'purchaseorder', name: 'Purchase Order' },
  { id: 7, screenId: 'productcatalog', name: 'Product Catalog' },
  { id: 8, screenId: 'projectticket', name: 'Project Ticket' },
] as const;

const oneOf = (value: unknown, allowed: readonly string[], field: string): FieldError[] =>
  typeof value === 'string' && allowed.some((a) => a.toLowerCase() === value.toLowerCase())
    ? []
    : [{ code: 'InvalidField', message: `${field} must be one of: ${allowed.join(', ')}.`, field }];

export const systemEntities = [
  entity({
    path: 'system/securityroles',
    resource: 'securityRole',
    permission: { module: 'System', area: 'Security Roles' },
    readOnlyEntity: true,
  }),
  entity({
    path: 'system/callbacks',
    resource: 'callbackEntry',
    permission: { module: 'System', area: 'Callbacks' },
    required: ['url', 'type', 'level'],
    maxLength: { description: 100, url: 1000 },
    readOnly: ['memberId', 'connectWiseID'],
    unique: [['url', 'type', 'level', 'objectId']],
    fields: [
      'description',
      'url',
      'objectId',
      'type',
      'level',
      'payloadVersion',
      'inactiveFlag',
      'isSoapCallbackFlag',
      'isSelfSuppressedFlag',
    ],
    defaults: () => ({
      objectId: 1,
      inactiveFlag: false,
      isSoapCallbackFlag: false,
      isSelfSuppressedFlag: false,
      payloadVersion: '2025.1',
    }),
    validate: (rec) => [
      ...oneOf(rec.type, CALLBACK_TYPES, 'type'),
      ...oneOf(rec.level, CALLBACK_LEVELS, 'level'),
      ...(typeof rec.url === 'string' && /^https?:\/\/[^\s]+$/i.test(rec.url)
        ? []
        : [{ code: 'InvalidField', message: 'url must be an absolute http(s) URL.', field: 'url' }]),
    ],
  }),
  entity({
    path: 'system/userDefinedFields',
    resource: 'userDefinedField',
    permission: TABLE_SETUP,
    required: ['caption', 'sequenceNumber', 'fieldTypeIdentifier'],
    maxLength: { caption: 25, screenId: 25, helpText: 1000, buttonUrl: 1000 },
    enums: { fieldTypeIdentifier: FIELD_TYPES, entryTypeIdentifier: ENTRY_TYPES },
    unique: [['screenId', 'caption']],
    readOnly: ['dateCreated', 'connectWiseID'],
    defaults: (now) => ({
      entryTypeIdentifier: 'EntryField',
      requiredFlag: false,
      displayOnScreenFlag: true,
      readOnlyFlag: false,
      listViewFlag: false,
      numberDecimals: 0,
      dateCreated: now,
    }),
    validate: (rec) => udfScreenErrors(rec),
    derive: (rec) => {
      const screen = SCREENS.find((s) => s.id === rec.podId || s.screenId === String(rec.screenId ?? '').toLowerCase());
      if (screen) {
        rec.podId = screen.id;
        rec.screenId = screen.screenId;
      }
    },
  }),
  entity({
    path: 'system/connectwisehostedsetups',
    resource: 'connectWiseHostedSetup',
    permission: TABLE_SETUP,
    required: ['screenId', 'description', 'url', 'type'],
    maxLength: {
      description: 50,
      url: 1024,
      clientId: 36,
      origin: 100,
      toolbarButtonText: 50,
      toolbarButtonToolTip: 100,
    },
    enums: { type: ['Tab', 'Pod', 'ToolbarButton'] },
    readOnly: ['createdBy', 'dateCreated'],
    defaults: (now) => ({ disabledFlag: false, locationsEnabledFlag: false, dateCreated: now, podHeight: 300 }),
    validate: (rec) =>
      SCREENS.some((s) => s.id === rec.screenId)
        ? []
        : [
            {
              code: 'InvalidField',
              message: 'screenId must be the id of a row of /system/connectWiseHostedScreens.',
              field: 'screenId',
            },
          ],
  }),
  entity({
    path: 'system/connectWiseHostedScreens',
    resource: 'connectWiseHostedScreen',
    permission: TABLE_SETUP,
    readOnlyEntity: true,
  }),
];

function udfScreenErrors(rec: Rec): FieldError[] {
  const byPod = SCREENS.some((s) => s.id === rec.podId);
  const byScreen = SCREENS.some((s) => s.screenId === String(rec.screenId ?? '').toLowerCase());
  if (byPod || byScreen) return [];
  return [
    {
      code: 'InvalidField',
      message: `podId or screenId must name a screen (${SCREENS.map((s) => `${s.id}=${s.screenId}`).join(', ')}).`,
      field: 'podId',
    },
  ];
}
