/**
 * The test stand-in for remote libSQL survives callers that go away mid-request (a `wrangler dev` stopped while
 * its isolate was writing): CI once failed on the unhandled "aborted" rejection this left behind.
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LibsqlHttpServer, startLibsqlHttpServer } from './libsql-http-server.ts';
import { removeDir } from './processes.ts';

let dir: string;
let server: LibsqlHttpServer;
const dropped: Error[] = [];
let droppedOne: () => void = () => {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'libsql-http-'));
  server = await startLibsqlHttpServer(`file:${join(dir, 'db.sqlite')}`, {
    onDropped: (error) => {
      dropped.push(error);
      droppedOne();
    },
  });
});
afterAll(async () => {
  await server?.close();
  if (dir) removeDir(dir);
});

const pipeline = (requests: unknown[]) =>
  fetch(`${server.url}/v2/pipeline`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requests }),
  });

describe('the libSQL HTTP stand-in', () => {
  it('drops a request whose caller hung up mid-body, without an unhandled rejection, and goes on serving', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const seen = new Promise<void>((done) => {
        droppedOne = done;
      });
      const { port } = new URL(server.url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise<void>((done) => socket.once('connect', done));
      socket.write(
        'POST /v2/pipeline HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"requ',
      );
      // The caller goes away with the body half sent.
      socket.end();
      socket.destroy();
      await seen;
      // Rejections are reported after the microtask queue drains; one macrotask later, any would be recorded.
      await new Promise((done) => setImmediate(done));
      expect(dropped.map((e) => e.message)).toEqual(['aborted']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    const res = await pipeline([{ type: 'execute', stmt: { sql: 'select 1 as one' } }]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { response: { result: { rows: unknown[][] } } }[] };
    expect(body.results[0]!.response.result.rows).toEqual([[{ type: 'integer', value: '1' }]]);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const res = await fetch(`${server.url}/v2/pipeline`, { method: 'POST', body: '{not json' });
    expect(res.status).toBe(400);
  });
});
