/**
 * The client reads every layout of TD SYNNEX's order answers that public captures show, and says which one
 * it met: PO answers (OrderType 99, empty ShipFromWarehouse), status (ETADate / EtaDate, unknown line codes),
 * invoices (PascalCase and camelCase, "SN: " serials) and business errors (top-level, nested, BizError,
 * errorCode). Fixtures are literal XML in each layout; the simulator is switched between layouts too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTdsClient } from '../../../../server/connectors/tds/client.ts';
import {
  readInvoiceResponse,
  readOrderResponse,
  readStatusResponse,
} from '../../../../server/connectors/tds/order-answers.ts';
import { DEMO, startTdsSim, type TdsSimHarness } from '../../../sim/tds/harness.ts';

const statusXml = (eta: string, code = 'accepted') => `<?xml version="1.0" encoding="UTF-8"?>
<SynnexB2B><OrderStatusResponse><CustomerNumber>100001</CustomerNumber><PONumber>CW-1</PONumber><Code>${code}</Code>
<PODatetime>2026-03-02 10:00:00</PODatetime><Items><Item lineNumber="1"><Code>${code}</Code><OrderNumber>45100001</OrderNumber>
<OrderType>BO</OrderType><SKU>6544282</SKU><MfgPN>P2422H</MfgPN><ProductName>Monitor</ProductName><OrderQuantity>2</OrderQuantity>
<ShipQuantity>0</ShipQuantity><UnitPrice>1,389.99</UnitPrice><ShipFromWarehouse>6</ShipFromWarehouse><ShipMethod>FG</ShipMethod>
<ShipMethodDescription>FedEx Ground</ShipMethodDescription>${eta}<Freight>0.00</Freight></Item></Items></OrderStatusResponse></SynnexB2B>`;

describe('TD SYNNEX order status answers', () => {
  it('reads the ETA as ETADate (a production parser) and records that variant', () => {
    const s = readStatusResponse(statusXml('<ETADate>2026-03-09</ETADate>'), 'CW-1');
    expect(s.lines[0]).toMatchObject({ etaDate: '2026-03-09', unitPrice: 1389.99, codeKnown: true });
    expect(s.variants).toEqual(['eta_element:ETADate']);
  });

  it('reads the ETA as EtaDate (the SDK types) too', () => {
    const s = readStatusResponse(statusXml('<EtaDate>2026-03-10</EtaDate>'), 'CW-1');
    expect(s.lines[0]?.etaDate).toBe('2026-03-10');
    expect(s.variants).toEqual(['eta_element:EtaDate']);
  });

  it('keeps an unknown line code as sent, flags it and records it', () => {
    const s = readStatusResponse(statusXml('', 'On Hold'), 'CW-1');
    expect(s.status).toBe('on hold');
    expect(s.lines[0]).toMatchObject({ code: 'on hold', codeKnown: false });
    expect(s.variants).toContain('line_code_unknown:on hold');
  });

  it('accepts the documented-but-unseen codes and marks them optional', () => {
    const s = readStatusResponse(statusXml('', 'backordered'), 'CW-1');
    expect(s.lines[0]).toMatchObject({ code: 'backordered', codeKnown: true });
    expect(s.variants).toContain('line_code_optional:backordered');
  });
});

describe('TD SYNNEX PO answers', () => {
  it('reads a captured answer: OrderType 99, empty ShipFromWarehouse, 8-digit order number (wentige/goapp fixture)', () => {
    const r = readOrderResponse(
      `<SynnexB2B><OrderResponse><CustomerNumber>100001</CustomerNumber><PONumber>CW-7</PONumber><Code>accepted</Code>
      <ResponseDateTime>2026-03-02T10:00:00</ResponseDateTime><Items><Item lineNumber="1"><SKU>6544282</SKU>
      <OrderQuantity>1</OrderQuantity><Code>accepted</Code><OrderNumber>45123456</OrderNumber><OrderType>99</OrderType>
      <ShipFromWarehouse/><SynnexInternalReference>X</SynnexInternalReference></Item></Items></OrderResponse></SynnexB2B>`,
      'CW-7',
    );
    expect(r.orderNumbers).toEqual(['45123456']);
    expect(r.lines[0]).toMatchObject({ orderType: '99', shipFromWarehouse: '' });
    expect(r.variants).toEqual(['order_type:99', 'ship_from_warehouse:empty', 'order_number_digits:8']);
  });
});

describe('TD SYNNEX invoice answers', () => {
  const pascal = `<SynnexB2B><InvoiceResponse><CustomerPONumber>CW-1</CustomerPONumber><Invoice>
    <InvoiceDate>2026-03-04</InvoiceDate><InvoiceNumber>1000011</InvoiceNumber><InternalReferenceNumber>45100001</InternalReferenceNumber>
    <Tracking><TrackNumber>700000000001,700000000002</TrackNumber></Tracking>
    <Items><Item><SKU>6544282</SKU><ManuafacturerPartNumber>P2422H</ManuafacturerPartNumber><UnitPrice>1,389.99</UnitPrice>
    <ShipQuantity>2</ShipQuantity><SerialNo>SN: AB123</SerialNo><SerialNo>SN: AB124</SerialNo></Item></Items>
    <Summary><TotalInvoiceAmount>2,801.48</TotalInvoiceAmount><Freight>21.50</Freight><SalesTax>0.00</SalesTax><RecyclingFee>0.00</RecyclingFee></Summary>
    </Invoice></InvoiceResponse></SynnexB2B>`;

  it('reads PascalCase InvoiceResponse/Invoice (varconnect synnex_api.js), strips "SN: " and records the casing', () => {
    const [inv] = readInvoiceResponse(pascal);
    expect(inv).toMatchObject({
      customerPoNumber: 'CW-1',
      invoiceNumber: '1000011',
      invoiceDate: '2026-03-04',
      orderNumber: '45100001',
      total: 2801.48,
      freight: 21.5,
      salesTax: 0,
      trackingNumbers: ['700000000001', '700000000002'],
    });
    expect(inv?.lines[0]).toMatchObject({
      mfgPN: 'P2422H',
      quantity: 2,
      unitPrice: 1389.99,
      serialNumbers: ['AB123', 'AB124'],
    });
    expect(inv?.variants).toEqual(['invoice_casing:PascalCase', 'serial_prefix:SN']);
  });

  it('reads the camelCase layout of the SDK types as well', () => {
    const camel = `<SynnexB2B><invoiceResponse><customerPoNumber>CW-1</customerPoNumber><invoice><invoiceDate>2026-03-04</invoiceDate>
      <invoiceNumber>9</invoiceNumber><items><item><sku>1</sku><shipQuantity>1</shipQuantity><serialNo>X1</serialNo></item></items>
      <summary><totalInvoiceAmount>10.00</totalInvoiceAmount><freight>1.00</freight><salesTax>0</salesTax></summary></invoice>
      </invoiceResponse></SynnexB2B>`;
    const [inv] = readInvoiceResponse(camel);
    expect(inv).toMatchObject({ customerPoNumber: 'CW-1', invoiceNumber: '9', total: 10, freight: 1 });
    expect(inv?.lines[0]?.serialNumbers).toEqual(['X1']);
    expect(inv?.variants).toEqual(['invoice_casing:camelCase']);
  });

  it('treats "no invoice yet" as no invoices, in ErrorDetail or errorCode form', () => {
    expect(
      readInvoiceResponse(
        `<SynnexB2B><InvoiceResponse><ErrorDetail>No invoice has been issued yet for PO X.</ErrorDetail></InvoiceResponse></SynnexB2B>`,
      ),
    ).toEqual([]);
    expect(
      readInvoiceResponse(
        `<SynnexB2B><invoiceResponse><errorCode>NO_INVOICE</errorCode><errorReason>x</errorReason></invoiceResponse></SynnexB2B>`,
      ),
    ).toEqual([]);
  });
});

describe('TD SYNNEX business errors in every layout', () => {
  it.each([
    ['top-level', '<SynnexB2B><errorMessage>PO_TIMEOUT</errorMessage><errorDetail>Try later</errorDetail></SynnexB2B>'],
    [
      'nested',
      '<SynnexB2B><OrderStatusResponse><ErrorMessage>PO_TIMEOUT</ErrorMessage><ErrorDetail>Try later</ErrorDetail></OrderStatusResponse></SynnexB2B>',
    ],
    [
      'biz-error',
      '<SynnexB2B><BizError><ErrorMessage>PO_TIMEOUT</ErrorMessage><ErrorDetail>Try later</ErrorDetail></BizError></SynnexB2B>',
    ],
    ['biz-error', '<SynnexB2B><OrderStatusResponse><bizError>PO_TIMEOUT</bizError></OrderStatusResponse></SynnexB2B>'],
  ])('reads a %s error as the same retryable business error, keeping the layout in its details', (layout, xml) => {
    let caught: unknown;
    try {
      readStatusResponse(xml, 'CW-1');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'tds_business_error',
      retryable: true,
      details: expect.objectContaining({
        upstreamCode: 'PO_TIMEOUT',
        upstream: expect.objectContaining({ errorMessage: 'PO_TIMEOUT', layout }),
      }),
    });
  });

  it('reads a refused login in an invoice ErrorDetail as tds_auth_failed', () => {
    expect(() =>
      readInvoiceResponse(
        '<SynnexB2B><InvoiceResponse><ErrorDetail>Authentication Failed: Invalid customer number, user name or password.</ErrorDetail></InvoiceResponse></SynnexB2B>',
      ),
    ).toThrow(expect.objectContaining({ code: 'tds_auth_failed' }));
  });
});

describe('against the simulator in each layout', () => {
  let h: TdsSimHarness;
  beforeAll(async () => {
    h = await startTdsSim();
  });
  afterAll(() => h.close());
  const client = () => createTdsClient({ xmlBaseUrl: h.base, ...DEMO }, { retry: false });

  it.each(['top-level', 'nested', 'biz-error'] as const)(
    'refused credentials in the %s layout are tds_auth_failed',
    async (layout) => {
      h.sim.settings.errorLayout = layout;
      try {
        const bad = createTdsClient({ xmlBaseUrl: h.base, ...DEMO, password: 'wrong' }, { retry: false });
        await expect(bad.orderStatus('CW-1')).rejects.toMatchObject({
          code: 'tds_auth_failed',
          details: expect.objectContaining({ upstream: expect.objectContaining({ layout }) }),
        });
      } finally {
        h.sim.settings.errorLayout = 'top-level';
      }
    },
  );

  it('reads the simulator status with ETADate or EtaDate alike', async () => {
    const c = h.sim.catalog;
    let sku = '';
    for (let i = 0; i < c.size && !sku; i++) {
      const a = c.availability(i, h.clock.now());
      if (c.product(i).status === 'Active' && c.isAuthorized(i) && a.totalQuantity === 0 && a.dropShipQuantity === 0)
        sku = c.skuOf(i);
    }
    const shipTo = { name: 'Contoso', line1: '1 Main St', city: 'Dallas', state: 'TX', zip: '75201', country: 'US' };
    await client().submitOrder({ poNumber: 'ETA-1', shipTo, lines: [{ sku, quantity: 1 }] });
    const a = await client().orderStatus('ETA-1');
    h.sim.settings.etaElement = 'EtaDate';
    const b = await client()
      .orderStatus('ETA-1')
      .finally(() => {
        h.sim.settings.etaElement = 'ETADate';
      });
    expect(a.lines[0]?.etaDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(b.lines[0]?.etaDate).toBe(a.lines[0]?.etaDate);
    expect([a.variants, b.variants]).toEqual([['eta_element:ETADate'], ['eta_element:EtaDate']]);
  });
});
