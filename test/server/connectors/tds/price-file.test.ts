import { describe, expect, it } from 'vitest';
import { type PriceFileEvent, parsePriceFile } from '../../../../server/connectors/tds/price-file.ts';

const REAL_LINE =
  '627674~DTL~NET7~APC-NET7~111578~A~APC NET7 NETWORK SURGEARREST, 7 OUTLET - BEIGE - LIMITED LIFETIME WARRANTY - CAB~APC BY SCHNEIDER ELECTRIC~2399~2826~0~0~19.99~34.00~0~0~Y~0~Y~0~19.99~2573~ ~0~008112000~0~225~1.95~N~0~~PH~~731304000204~39121610~CONT-SURGE~030523~NNY~~B~S~~~~N~~N~~~~~~13.00~7.00~2.00~0~~~~~253~0~0~0~~~~PH         NN~0~';
const HEADER = 'FLTM1U627674~HDR~250411~250411~C~~~~~';
const encoder = new TextEncoder();

async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = encoder.encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<PriceFileEvent[]> {
  const events: PriceFileEvent[] = [];
  for await (const e of parsePriceFile(source)) events.push(e);
  return events;
}

describe('price file parser', () => {
  it('reads the real 2025 sample line field by field', async () => {
    const [header, record] = await collect(chunks(`${HEADER}\r\n${REAL_LINE}\r\n`, 4096));
    expect(header).toEqual({
      type: 'header',
      header: { tradingPartnerCode: 'FLTM1U627674', fromDate: '250411', toDate: '250411', kind: 'full' },
    });
    expect(record?.type).toBe('record');
    if (record?.type !== 'record') return;
    expect(record.record).toMatchObject({
      tradingPartner: '627674',
      mfgPN: 'NET7',
      synnexPartNumber: 'APC-NET7',
      sku: '111578',
      statusCode: 'A',
      manufacturer: 'APC BY SCHNEIDER ELECTRIC',
      vendorNo: '2399',
      qtyOnHandTotal: 2826,
      contractPrice: 19.99,
      msrp: 34,
      unitCost: 19.99,
      categoryCode: '008112000',
      shipWeight: 1.95,
      serialized: false,
      upc: '731304000204',
      unspsc: '39121610',
      skuCreatedDate: '030523',
      abcCode: 'B',
      dropShipQty: 0,
      extraFields: 0,
    });
    expect(record.record.warehouseQty['Romeoville IL / Guelph ON']).toBe(2573);
    expect(record.record.warehouseQty['Chino CA / Mississauga ON']).toBe(253);
    const sum = Object.values(record.record.warehouseQty).reduce((a, b) => a + b, 0);
    expect(sum).toBe(record.record.qtyOnHandTotal);
  });

  it('ignores a 71st trailing value and reads a filled drop-ship column', async () => {
    const line = `${REAL_LINE}48~1`;
    const [event] = await collect(chunks(`${line}\n`, 100));
    expect(event?.type === 'record' && event.record.dropShipQty).toBe(48);
    expect(event?.type === 'record' && event.record.extraFields).toBe(1);
  });

  it('copes with LF or CRLF, lines and multi-byte characters split across chunks, and no final newline', async () => {
    const accented = REAL_LINE.replace('BEIGE', 'BEIGÉ – ÜBER');
    const text = `${HEADER}\n${accented}\r\n${accented}`;
    for (const size of [1, 3, 7, 64]) {
      const events = await collect(chunks(text, size));
      expect(events.map((e) => e.type)).toEqual(['header', 'record', 'record']);
      const last = events[2];
      expect(last?.type === 'record' && last.record.description).toContain('BEIGÉ – ÜBER');
    }
  });

  it('reports odd lines as invalid and keeps going', async () => {
    const events = await collect(chunks(`${HEADER}\nXYZ~FOO~1\n100001~DTL~SHORT~X\n\n${REAL_LINE}\n`, 50));
    expect(events.map((e) => e.type)).toEqual(['header', 'invalid', 'invalid', 'record']);
    expect(events[2]).toMatchObject({ lineNumber: 3 });
  });

  it('yields records while the download is still arriving (constant memory)', async () => {
    let produced = 0;
    async function* slow(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 1000; i++) {
        produced++;
        yield encoder.encode(`${REAL_LINE}\r\n`);
      }
    }
    let firstSeenAt = -1;
    let count = 0;
    for await (const e of parsePriceFile(slow())) {
      if (e.type === 'record' && firstSeenAt < 0) firstSeenAt = produced;
      count++;
    }
    expect(count).toBe(1000);
    expect(firstSeenAt).toBe(1);
  });

  it('reads a ReadableStream as well as an async iterable', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`${HEADER}\r\n${REAL_LINE}`));
        controller.close();
      },
    });
    expect((await collect(stream as unknown as AsyncIterable<Uint8Array>)).length).toBe(2);
  });

  it('refuses a body that is not a line-based file', async () => {
    await expect(collect(chunks('x'.repeat(70_000), 10_000))).rejects.toMatchObject({ code: 'tds_malformed_response' });
  });
});
