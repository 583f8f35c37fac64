/**
 * The SynnexB2B business-error envelope in the layout the simulator is set to (sim-settings.ts): TD SYNNEX
 * answers errors with HTTP 200 either top-level (`errorMessage`/`errorDetail`, read by a Magento integration)
 * or nested (`ErrorMessage`/`ErrorDetail` in the response element, or a `BizError`), per TD SYNNEX's own
 * integration notes. Which one a given service uses is unconfirmed, so the product must read all three.
 */
import type { TdsSimSettings } from './sim-settings.ts';
import { buildXml, type XmlNode, xmlResponse } from './xml.ts';

export type B2BResponseElement = 'OrderResponse' | 'OrderStatusResponse' | 'InvoiceResponse';

export function b2bErrorBody(
  layout: TdsSimSettings['errorLayout'],
  element: B2BResponseElement,
  error: { message: string; detail: string },
): XmlNode {
  if (layout === 'nested') return { [element]: { ErrorMessage: error.message, ErrorDetail: error.detail } };
  if (layout === 'biz-error') return { BizError: { ErrorMessage: error.message, ErrorDetail: error.detail } };
  return { errorMessage: error.message, errorDetail: error.detail };
}

export function b2bErrorResponse(
  layout: TdsSimSettings['errorLayout'],
  element: B2BResponseElement,
  error: { message: string; detail: string },
): Response {
  return xmlResponse(buildXml('SynnexB2B', b2bErrorBody(layout, element, error)));
}
