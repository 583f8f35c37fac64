/**
 * How injected faults look coming from TD SYNNEX: the XML services answer business errors and refused
 * logins with HTTP 200 and an error envelope in the layout the settings name (top-level `errorMessage`/`errorDetail`,
 * nested `ErrorMessage`/`ErrorDetail`, or `BizError`; the invoice service: `InvoiceResponse/ErrorDetail`);
 * infrastructure failures come back as HTML pages; the REST catalogue answers JSON.
 */
import type { FaultRenderer } from '../faults.ts';
import { AUTH_FAILED, BUSINESS_ERROR_DETAIL } from './account.ts';
import { b2bErrorBody } from './b2b-errors.ts';
import { invoiceError } from './invoices.ts';
import type { TdsSimSettings } from './sim-settings.ts';
import { buildXml, xmlResponse } from './xml.ts';

type Surface = 'pna' | 'po' | 'invoice' | 'rest' | 'file';

export function surfaceOf(path: string): Surface {
  if (path.includes('/SynnexXML/PriceAvailability')) return 'pna';
  if (path.includes('/webservice/invoice')) return 'invoice';
  if (path.includes('/pricefile/')) return 'file';
  if (path.includes('/resellers/') || path.includes('/auth/token')) return 'rest';
  return 'po';
}

function envelope(settings: TdsSimSettings, surface: Surface, errorMessage: string, errorDetail: string): Response {
  if (surface === 'pna') return xmlResponse(buildXml('priceResponse', { errorMessage, errorDetail }));
  if (surface === 'invoice') {
    return xmlResponse(buildXml('SynnexB2B', invoiceError('', `${errorMessage}: ${errorDetail}`)));
  }
  // The fault fires before the body is read, so a status request's nested error sits in OrderResponse too.
  const element = 'OrderResponse';
  return xmlResponse(
    buildXml('SynnexB2B', b2bErrorBody(settings.errorLayout, element, { message: errorMessage, detail: errorDetail })),
  );
}

const TRUNCATED: Record<Surface, string> = {
  pna: '<?xml version="1.0" encoding="UTF-8"?>\n<priceResponse>\n  <customerNo>100001</customerNo>\n  <PriceAvailabilityList>\n    <synnexSKU>65',
  po: '<?xml version="1.0" encoding="UTF-8"?>\n<SynnexB2B>\n  <OrderResponse>\n    <CustomerNumber>100001</Custom',
  invoice: '<?xml version="1.0" encoding="UTF-8"?>\n<SynnexB2B>\n  <InvoiceResponse>\n    <CustomerPONum',
  rest: '{"data":[{"tdsynnexPartNumber":"12',
  file: 'FLTM1U100001~HDR~250411~250411~C~~~~~\r\n100001~DTL~NET7~APC-NE',
};

export const renderTdsFault =
  (settings: TdsSimSettings): FaultRenderer =>
  (kind, c, opts) => {
    const surface = surfaceOf(c.req.path);
    const json = surface === 'rest';
    switch (kind) {
      case 'business_error': {
        const message = opts.message ?? 'ServerError';
        const detail = BUSINESS_ERROR_DETAIL[message] ?? message;
        if (json) return c.json({ error: { code: 'business_error', message: `${message}: ${detail}` } }, 400);
        return envelope(settings, surface, message, detail);
      }
      case 'expired_credentials':
        if (json || surface === 'file') {
          return c.json({ error: { code: 'invalid_token', message: 'The credentials were refused.' } }, 401);
        }
        return envelope(settings, surface, AUTH_FAILED.errorMessage, AUTH_FAILED.errorDetail);
      case 'throttle':
        c.header('Retry-After', String(opts.retryAfterSeconds));
        if (json) return c.json({ error: { code: 'too_many_requests', message: 'Rate limit exceeded.' } }, 429);
        return c.text('Too Many Requests', 429);
      case 'malformed':
        return new Response(TRUNCATED[surface], {
          status: 200,
          headers: {
            'content-type': json ? 'application/json' : surface === 'file' ? 'text/plain' : 'application/xml',
          },
        });
      default: {
        const status = (opts.status ?? 500) as 500;
        if (json) return c.json({ error: { code: 'server_error', message: 'Internal server error.' } }, status);
        return c.html(
          `<html><head><title>${status} Error</title></head><body><h1>${status} Internal Server Error</h1></body></html>`,
          status,
        );
      }
    }
  };
