/** Create Orders: the template, the three ways in, and the order context (see README in docs/api.md). */
export { entityAsksToSend } from './callback.ts';
export { CRASH_POINTS, type CrashPoint, type OrderHooks, SimulatedCrash } from './hooks.ts';
export { recordSendRequest, requestSend, type SendRequest } from './requests.ts';
export { CREATE_ORDERS_TEMPLATE, CreateOrdersSettings } from './settings.ts';
export { createOrders, createOrdersTemplate } from './template.ts';
