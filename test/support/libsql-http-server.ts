/**
 * Test-only stand-in for a remote libSQL (Turso/sqld): Hrana v2 over HTTP (JSON pipeline), backed by an
 * embedded libSQL file. Enough for @libsql/client/web as the Worker uses it (execute and batch);
 * no batons, so no interactive transactions.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Client, createClient, type InValue } from '@libsql/client';

type HValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
type Stmt = { sql?: string; sql_id?: number; args?: HValue[]; named_args?: { name: string; value: HValue }[] };
type Cond =
  | { type: 'ok'; step: number }
  | { type: 'error'; step: number }
  | { type: 'not'; cond: Cond }
  | { type: 'and'; conds: Cond[] }
  | { type: 'or'; conds: Cond[] }
  | { type: 'is_autocommit' };
type Req =
  | { type: 'execute'; stmt: Stmt }
  | { type: 'batch'; batch: { steps: { condition?: Cond | null; stmt: Stmt }[] } }
  | { type: 'close' }
  | { type: string };

const decode = (v: HValue): InValue => {
  switch (v.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(v.value);
    case 'float':
      return v.value;
    case 'text':
      return v.value;
    case 'blob':
      return Buffer.from(v.base64, 'base64');
  }
};
const encode = (v: unknown): HValue => {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  if (typeof v === 'number')
    return Number.isInteger(v) ? { type: 'integer', value: String(v) } : { type: 'float', value: v };
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
    return { type: 'blob', base64: Buffer.from(v as ArrayBuffer).toString('base64') };
  }
  return { type: 'text', value: String(v) };
};

// The embedded client does not hold a transaction across execute() calls, so the shim runs
// transaction control as no-ops: statements of a batch still run in order, not atomically.
const TX_CONTROL = /^\s*(begin|commit|rollback|end)\b/i;

async function run(client: Client, stmt: Stmt, stored: Map<number, string>) {
  const sql = stmt.sql ?? stored.get(stmt.sql_id ?? -1) ?? '';
  if (TX_CONTROL.test(sql)) return { cols: [], rows: [], affected_row_count: 0, last_insert_rowid: null };
  const args = stmt.named_args?.length
    ? Object.fromEntries(stmt.named_args.map((a) => [a.name.replace(/^[:@$]/, ''), decode(a.value)]))
    : (stmt.args ?? []).map(decode);
  const rs = await client.execute({ sql, args });
  return {
    cols: rs.columns.map((name, i) => ({ name, decltype: rs.columnTypes[i] ?? null })),
    rows: rs.rows.map((row) => rs.columns.map((_, i) => encode(row[i]))),
    affected_row_count: rs.rowsAffected,
    last_insert_rowid: rs.lastInsertRowid === undefined ? null : String(rs.lastInsertRowid),
  };
}

async function handle(client: Client, req: Req, stored: Map<number, string>) {
  if (req.type === 'store_sql') {
    const r = req as unknown as { sql_id: number; sql: string };
    stored.set(r.sql_id, r.sql);
    return { type: 'store_sql' };
  }
  if (req.type === 'close_sql') {
    stored.delete((req as unknown as { sql_id: number }).sql_id);
    return { type: 'close_sql' };
  }
  if (req.type === 'execute')
    return { type: 'execute', result: await run(client, (req as { stmt: Stmt }).stmt, stored) };
  if (req.type === 'batch') {
    const steps = (req as { batch: { steps: { condition?: Cond | null; stmt: Stmt }[] } }).batch.steps;
    const results: unknown[] = [];
    const errors: unknown[] = [];
    const holds = (c: Cond): boolean => {
      switch (c.type) {
        case 'ok':
          return results[c.step] != null;
        case 'error':
          return errors[c.step] != null;
        case 'not':
          return !holds(c.cond);
        case 'and':
          return c.conds.every(holds);
        case 'or':
          return c.conds.some(holds);
        case 'is_autocommit':
          return true;
      }
    };
    for (const step of steps) {
      if (step.condition && !holds(step.condition)) {
        results.push(null);
        errors.push(null);
        continue;
      }
      try {
        results.push(await run(client, step.stmt, stored));
        errors.push(null);
      } catch (e) {
        results.push(null);
        errors.push({ message: (e as Error).message });
      }
    }
    return { type: 'batch', result: { step_results: results, step_errors: errors } };
  }
  if (req.type === 'close') return { type: 'close' };
  throw new Error(`unsupported hrana request ${req.type}`);
}

export interface LibsqlHttpServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startLibsqlHttpServer(
  fileUrl: string,
  options: { onDropped?: (error: Error) => void } = {},
): Promise<LibsqlHttpServer> {
  const client = createClient({ url: fileUrl });
  const pipeline = async (request: IncomingMessage, response: ServerResponse) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET') return send(request.url === '/v2' ? 200 : 404, {});
    if (request.method !== 'POST' || request.url !== '/v2/pipeline') return send(404, { message: 'not found' });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: { requests: Req[] };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { requests: Req[] };
    } catch {
      return send(400, { message: 'body is not JSON' });
    }
    const results = [];
    const stored = new Map<number, string>();
    for (const req of body.requests) {
      try {
        results.push({ type: 'ok', response: await handle(client, req, stored) });
      } catch (e) {
        results.push({ type: 'error', error: { message: (e as Error).message } });
      }
    }
    send(200, { baton: null, base_url: null, results });
  };
  const server = createServer((request, response) => {
    // A caller that goes away mid-request (a Worker isolate stopped by its test) aborts the body read: nothing
    // is left to answer, and the rejection must not escape as an unhandled one that fails the whole run.
    pipeline(request, response).catch((error: Error) => {
      response.destroy();
      options.onDropped?.(error);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        client.close();
      }),
  };
}
