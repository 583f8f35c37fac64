/**
 * The route fuzzer: `cases` seeded requests spread over every route, sent in-process (`app.request`), each
 * answer checked for a 5xx, a stack trace and any secret this server holds. Returns the counts by status
 * and every offending case (replayable from the seed and its index).
 */
import { Dice, oddBody, oddSegment, oddString, prng, safeEncode } from './generate.ts';
import { FUZZ_ROUTES, type FuzzRoute } from './routes.ts';

export interface FuzzCredentials {
  adminToken: string;
  sessionToken: string;
  /** Every secret the server holds: none may appear in an answer. */
  secrets: string[];
}

export interface FuzzFinding {
  index: number;
  method: string;
  url: string;
  status: number;
  why: '5xx' | 'stack trace' | 'secret';
  excerpt: string;
}

export interface FuzzReport {
  cases: number;
  byStatus: Record<string, number>;
  findings: FuzzFinding[];
  ms: number;
}

/** An odd value a header can carry (HTTP allows visible Latin-1 only). */
const oddHeader = (d: Dice) =>
  oddString(d)
    .slice(0, 8000)
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '\xff');

const STACK = /\n\s+at .+\((?:file:|\/).+:\d+:\d+\)|node_modules\/|\.ts:\d+:\d+/;

function buildRequest(d: Dice, route: FuzzRoute, creds: FuzzCredentials, index: number) {
  let path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => oddSegment(d, route.params?.[name] ?? ['x']));
  const query: string[] = [];
  for (const [key, values] of Object.entries(route.query ?? {})) {
    if (d.chance(0.8)) query.push(`${key}=${d.chance(0.5) ? d.pick(values) : safeEncode(oddString(d).slice(0, 5000))}`);
  }
  if (d.chance(0.1)) query.push(`${safeEncode(oddString(d).slice(0, 100))}=${safeEncode(oddString(d).slice(0, 100))}`);
  if (query.length) path += `?${query.join('&')}`;
  const headers = new Headers({ 'cf-connecting-ip': `198.51.100.${index % 250}` });
  const auth = d.chance(0.85) ? route.auth : d.pick(['none', 'session', 'admin'] as const);
  if (auth === 'admin') headers.set('authorization', `Bearer ${d.chance(0.9) ? creds.adminToken : oddHeader(d)}`);
  if (auth === 'session')
    headers.set(
      'authorization',
      `Bearer ${d.chance(0.9) ? creds.sessionToken : `${creds.sessionToken.slice(0, -3)}abc`}`,
    );
  let body: string | undefined;
  if (route.method !== 'GET') {
    body = oddBody(d, route.body);
    if (body !== undefined)
      headers.set(
        'content-type',
        d.chance(0.9) ? 'application/json' : d.pick(['text/plain', 'application/x-www-form-urlencoded', '']),
      );
  }
  return { method: route.method, path, headers, body };
}

/**
 * A route that reads from TD SYNNEX or ConnectWise answers 502/504 when that system cannot be reached (the fuzzed
 * tenant's connection may point at a closed port): a gateway error naming the upstream, not a failure of ours.
 */
function upstreamFailure(route: FuzzRoute, status: number, text: string): boolean {
  if (!route.upstream || (status !== 502 && status !== 504)) return false;
  try {
    const code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' && /^(tds|cw)_/.test(code);
  } catch {
    return false;
  }
}

export interface FuzzOptions {
  seed: number;
  cases: number;
  creds: FuzzCredentials;
  /** Undo what a case may have changed outside the app (e.g. simulator faults it configured). */
  afterCase?: (route: FuzzRoute) => void;
}

/** What the fuzzer needs of the app: Hono's in-process `request`. */
export interface InProcessApp {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

export async function fuzz(app: InProcessApp, opts: FuzzOptions): Promise<FuzzReport> {
  const d = new Dice(prng(opts.seed));
  const byStatus: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  const started = performance.now();
  for (let index = 0; index < opts.cases; index++) {
    const route = FUZZ_ROUTES[index % FUZZ_ROUTES.length]!;
    const req = buildRequest(d, route, opts.creds, index);
    let status: number;
    let text: string;
    let headerText = '';
    try {
      const response = await app.request(`http://127.0.0.1${req.path}`, {
        method: req.method,
        headers: req.headers,
        body: req.body,
      });
      status = response.status;
      text = await response.text();
      response.headers.forEach((value, key) => {
        headerText += `${key}: ${value}\n`;
      });
    } catch (error) {
      // The URL itself may be unparseable (a raw odd segment): that is the client's failure, not ours.
      if (error instanceof TypeError && /URL/i.test(error.message)) {
        byStatus.unsendable = (byStatus.unsendable ?? 0) + 1;
        continue;
      }
      status = 599;
      text = String((error as Error).stack ?? error);
    }
    opts.afterCase?.(route);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const record = (why: FuzzFinding['why']) =>
      findings.push({
        index,
        method: req.method,
        url: req.path.slice(0, 200),
        status,
        why,
        excerpt: text.slice(0, 300),
      });
    if (status >= 500 && !upstreamFailure(route, status, text)) record('5xx');
    else if (STACK.test(text)) record('stack trace');
    else if (opts.creds.secrets.some((s) => s && (text.includes(s) || headerText.includes(s)))) record('secret');
  }
  return { cases: opts.cases, byStatus, findings, ms: Math.round(performance.now() - started) };
}
