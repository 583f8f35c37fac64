/**
 * P&A XML parsers side by side (issue 14): the same simulator answers (42 and 100 lines) read by
 * fast-xml-parser + zod (the old path, to TdsPriceLine), the targeted reader (the new path, to TdsPriceLine),
 * and — parse only, without the mapping to TdsPriceLine — fast-xml-parser, saxes (streaming),
 * htmlparser2 (streaming, XML mode) and txml (DOM-light). Run alone: `npx tsx bench/pna-parsers.ts`.
 */
import { XMLParser } from 'fast-xml-parser';
import { Parser as Html2Parser } from 'htmlparser2';
import { SaxesParser } from 'saxes';
import { parse as txmlParse } from 'txml';
import { readPriceAnswer } from '../server/connectors/tds/pna-reader.ts';
import { readPriceResponse } from '../server/connectors/tds/xml-services.ts';
import { createSimClock } from '../sim/clock.ts';
import { SimStore } from '../sim/store.ts';
import { DEMO_CREDENTIALS } from '../sim/tds/account.ts';
import { createTdsSimulator } from '../sim/tds/index.ts';

/**
 * CPU ms per call (process.cpuUsage over a batch, after a warm-up): the machine is shared, and wall time
 * would count the time other processes held the cores. Best of 5 batches, so one GC pause does not decide.
 */
function time(fn: () => unknown, perBatch = 20): number {
  for (let i = 0; i < 15; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < 5; b++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) fn();
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / 1000 / perBatch);
  }
  return best;
}

/** Leaves as nested records, the least a streaming parser must build for us to map its result. */
function streamingCollector() {
  const stack: Array<Record<string, unknown>> = [{}];
  let text = '';
  return {
    open() {
      stack.push({});
      text = '';
    },
    text(t: string) {
      text += t;
    },
    close(name: string) {
      const node = stack.pop() ?? {};
      const parent = stack[stack.length - 1] ?? {};
      const value = Object.keys(node).length ? node : text.trim();
      const existing = parent[name];
      if (existing === undefined) parent[name] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else parent[name] = [existing, value];
      text = '';
    },
    result: () => stack[0],
  };
}

function saxesParse(xml: string) {
  const c = streamingCollector();
  const parser = new SaxesParser();
  parser.on('opentag', () => c.open());
  parser.on('text', (t) => c.text(t));
  parser.on('cdata', (t) => c.text(t));
  parser.on('closetag', (tag) => c.close(tag.name));
  parser.write(xml).close();
  return c.result();
}

function htmlparser2Parse(xml: string) {
  const c = streamingCollector();
  const parser = new Html2Parser(
    { onopentag: () => c.open(), ontext: (t) => c.text(t), onclosetag: (name) => c.close(name) },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  return c.result();
}

const fxp = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true });

async function answers(): Promise<Array<{ lines: number; xml: string }>> {
  const store = await SimStore.open(':memory:');
  const sim = await createTdsSimulator({
    catalogSize: 120_000,
    store,
    clock: createSimClock(store),
    baseUrl: 'http://sim/sim/tds',
  });
  const out: Array<{ lines: number; xml: string }> = [];
  for (const lines of [42, 100]) {
    const skus = Array.from(
      { length: lines },
      (_, i) =>
        `<skuList><synnexSKU>${sim.catalog.skuOf(i * 97)}</synnexSKU><lineNumber>${i + 1}</lineNumber></skuList>`,
    );
    const { customerNo, user, password } = DEMO_CREDENTIALS;
    const res = await sim.app.request('/SynnexXML/PriceAvailability', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0"?><priceRequest><customerNo>${customerNo}</customerNo><userName>${user}</userName><password>${password}</password>${skus.join('')}</priceRequest>`,
    });
    out.push({ lines, xml: await res.text() });
  }
  return out;
}

export async function benchPnaParsers(): Promise<void> {
  console.log('\nP&A answer parsers (CPU ms per answer, best of 5 batches; same process, same answers):');
  console.log('lines  KB     fxp+zod→lines  targeted→lines  fxp parse  saxes  htmlparser2  txml');
  for (const { lines, xml } of await answers()) {
    const batch = Array.from({ length: lines }, (_, i) => ({ request: { sku: 'x' }, lineNumber: i + 1 }));
    const row = [
      time(() => readPriceResponse(xml, batch)),
      time(() => readPriceAnswer(xml, batch)),
      time(() => fxp.parse(xml)),
      time(() => saxesParse(xml)),
      time(() => htmlparser2Parse(xml)),
      time(() => txmlParse(xml)),
    ];
    console.log(
      `${String(lines).padEnd(6)} ${(xml.length / 1024).toFixed(0).padEnd(6)} ${row.map((v, i) => v.toFixed(2).padEnd([15, 16, 11, 7, 13, 6][i] ?? 8)).join('')}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPnaParsers();
