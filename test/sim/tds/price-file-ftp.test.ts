/**
 * The simulator delivers the price file as TD SYNNEX delivers the US catalog (td-synnex.md §6 and corrections):
 * the `~` P&A flat file, full daily or delta, on an FTP folder with its own login, beside the category list
 * file. Read with a real FTP client (basic-ftp), as tds-bridge reads it.
 */
import { Writable } from 'node:stream';
import { Client } from 'basic-ftp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PriceFileEvent, parsePriceFile } from '../../../server/connectors/tds/price-file.ts';
import { parseCategoryList } from '../../../server/connectors/tds/price-file-delivery.ts';
import { DEMO_FTP } from '../../../sim/tds/account.ts';
import { type PriceFileFtpServer, startPriceFileFtp } from '../../../sim/tds/price-file-ftp.ts';
import { DEMO, startTdsSim, type TdsSimHarness } from './harness.ts';

let h: TdsSimHarness;
let ftp: PriceFileFtpServer;
beforeAll(async () => {
  h = await startTdsSim({ catalogSize: 3_000 });
  h.clock.set(new Date('2026-03-02T10:00:00Z'));
  ftp = await startPriceFileFtp({ catalog: h.sim.catalog, clock: h.clock });
});
afterAll(async () => {
  await ftp.close();
  await h.close();
});

async function withClient<T>(
  fn: (client: Client) => Promise<T>,
  login: { user: string; password: string } = DEMO_FTP,
): Promise<T> {
  const client = new Client(10_000);
  try {
    await client.access({ host: '127.0.0.1', port: ftp.port, user: login.user, password: login.password });
    return await fn(client);
  } finally {
    client.close();
  }
}

async function download(name: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      done();
    },
  });
  await withClient((client) => client.downloadTo(sink, name));
  return Buffer.concat(parts);
}

async function events(bytes: Buffer): Promise<PriceFileEvent[]> {
  const out: PriceFileEvent[] = [];
  for await (const e of parsePriceFile(
    (async function* () {
      yield new Uint8Array(bytes);
    })(),
  ))
    out.push(e);
  return out;
}

describe('price-file delivery over FTP (simulated TD SYNNEX)', () => {
  it('refuses a wrong FTP login', async () => {
    await expect(withClient(async () => undefined, { user: DEMO_FTP.user, password: 'wrong' })).rejects.toMatchObject({
      code: 530,
    });
  });

  it('lists the full file, the delta file and the category list at the root', async () => {
    const names = await withClient(async (client) => (await client.list()).map((f) => f.name));
    expect(names.sort()).toEqual([`${DEMO.customerNo}.ap`, `${DEMO.customerNo}_delta.ap`, 'SYNNEX_CATEGORY_LIST.csv']);
  });

  it('serves the full file: a C header and one 70-field DTL line per product', async () => {
    const all = await events(await download(ftp.files.full));
    expect(all[0]).toMatchObject({
      type: 'header',
      header: { kind: 'full', tradingPartnerCode: `FLTM1U${DEMO.customerNo}` },
    });
    const records = all.filter((e) => e.type === 'record');
    expect(records).toHaveLength(3_000);
    expect(all.filter((e) => e.type === 'invalid')).toEqual([]);
  });

  it('serves the delta file: a U header and only the products changed in the last day', async () => {
    const all = await events(await download(ftp.files.delta));
    expect(all[0]).toMatchObject({ type: 'header', header: { kind: 'delta' } });
    const records = all.filter((e) => e.type === 'record');
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(3_000);
  });

  it('serves the category list that names the category codes, over FTP and HTTP alike', async () => {
    const overFtp = (await download(ftp.files.categories)).toString('utf8');
    const categories = parseCategoryList(overFtp);
    expect(categories.find((c) => c.code === '006')).toMatchObject({ level: 1, name: 'Networking' });
    const leaf = categories.find((c) => c.code === '006071684');
    expect(leaf).toMatchObject({ level: 3, level1: 'Networking' });
    const res = await fetch(`${h.base}/pricefile/SYNNEX_CATEGORY_LIST.csv`, {
      headers: { authorization: `Basic ${btoa(`${DEMO.user}:${DEMO.password}`)}` },
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(overFtp);
    const refused = await fetch(`${h.base}/pricefile/SYNNEX_CATEGORY_LIST.csv`);
    expect(refused.status).toBe(401);
  });
});
