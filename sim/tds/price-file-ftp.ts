/**
 * Node only: the simulator's price-file delivery over a real FTP server (ftp-srv), as TD SYNNEX delivers the
 * US P&A flat file (td-synnex.md §6 and corrections). The root lists the daily full file `{customerNo}.ap`
 * (`C` header), the delta `{customerNo}_delta.ap` (`U`: products changed in the last 24 h of simulator time)
 * and the category list. Files are generated as they are downloaded, never held whole. Started by `npm start`
 * when the simulators are mounted (on a free loopback port) and by tests; never imported by the Worker.
 */
import type { AddressInfo, Server } from 'node:net';
import { Readable } from 'node:stream';
import { FileSystem, FtpSrv } from 'ftp-srv';
import type { SimClock } from '../clock.ts';
import type { TdsCatalog } from '../data/tds-catalog.ts';
import { DEMO_CREDENTIALS, DEMO_FTP } from './account.ts';
import { CATEGORY_FILE_NAME, categoryFileText } from './category-file.ts';
import { priceFileStream } from './pricefile.ts';

export interface PriceFileFtpOptions {
  catalog: TdsCatalog;
  clock: SimClock;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  login?: { user: string; password: string };
  customerNo?: string;
}

export interface PriceFileFtpServer {
  /** ftp://host:port */
  url: string;
  port: number;
  /** Paths of the files at the root. */
  files: { full: string; delta: string; categories: string };
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
/** ftp-srv logs through bunyan by default; the simulator stays quiet. */
const quietLog = {
  child: () => quietLog,
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
};

interface FileEntry {
  name: string;
  open(): Readable;
}

/** A read-only directory of generated files. */
class GeneratedFiles extends FileSystem {
  constructor(
    connection: ConstructorParameters<typeof FileSystem>[0],
    private readonly entries: FileEntry[],
    private readonly modified: () => Date,
  ) {
    super(connection, { root: '/', cwd: '/' });
  }

  #entry(fileName: string): FileEntry | undefined {
    const name = fileName.replace(/^\/+/, '');
    return this.entries.find((e) => e.name === name);
  }

  #stat(entry: FileEntry) {
    return {
      name: entry.name,
      // Generated on download: the size is not known in advance.
      size: 0,
      mtime: this.modified(),
      mode: 0o100444,
      isDirectory: () => false,
    };
  }

  override currentDirectory(): string {
    return '/';
  }

  override async get(fileName: string) {
    if (fileName === '.' || fileName === '/' || fileName === '') {
      return { name: '/', size: 0, mtime: this.modified(), mode: 0o40555, isDirectory: () => true };
    }
    const entry = this.#entry(fileName);
    if (!entry) throw new Error(`${fileName}: no such file`);
    return this.#stat(entry);
  }

  override async list() {
    return this.entries.map((e) => this.#stat(e));
  }

  override async chdir(path = '.') {
    if (path !== '/' && path !== '.') throw new Error('Only the root directory exists.');
    return '/';
  }

  override async read(fileName: string, { start }: { start?: number } = {}) {
    const entry = this.#entry(fileName);
    if (!entry) throw new Error(`${fileName}: no such file`);
    const stream = entry.open();
    return { stream: start ? skipBytes(stream, start) : stream, clientPath: `/${entry.name}` };
  }

  override write(): never {
    throw new Error('The price-file folder is read-only.');
  }
}

/** A web byte stream as a Node stream; stopping early cancels the generation. */
function webToNode(stream: ReadableStream<Uint8Array>): Readable {
  return Readable.from(
    (async function* () {
      const reader = stream.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield Buffer.from(value);
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    })(),
  );
}

/** REST (restart at a byte offset), for clients that resume a broken download. */
function skipBytes(source: Readable, count: number): Readable {
  let left = count;
  return Readable.from(
    (async function* () {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (left >= chunk.length) {
          left -= chunk.length;
          continue;
        }
        yield left > 0 ? chunk.subarray(left) : chunk;
        left = 0;
      }
    })(),
  );
}

export async function startPriceFileFtp(opts: PriceFileFtpOptions): Promise<PriceFileFtpServer> {
  const host = opts.host ?? '127.0.0.1';
  const login = opts.login ?? DEMO_FTP;
  const customerNo = opts.customerNo ?? DEMO_CREDENTIALS.customerNo;
  const files = { full: `${customerNo}.ap`, delta: `${customerNo}_delta.ap`, categories: CATEGORY_FILE_NAME };
  const fromStream = (type: 'full' | 'delta') => () => {
    const now = opts.clock.now().getTime();
    return webToNode(priceFileStream(opts.catalog, { customerNo, type, since: now - DAY_MS, now }));
  };
  const entries: FileEntry[] = [
    { name: files.full, open: fromStream('full') },
    { name: files.delta, open: fromStream('delta') },
    { name: files.categories, open: () => Readable.from([Buffer.from(categoryFileText(), 'utf8')]) },
  ];
  // ftp-srv exits the process on SIGTERM/SIGINT by itself; the host process owns its own shutdown.
  const signals = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  // Passive data ports are probed from a random start so parallel servers rarely race for the same one.
  const pasvMin = 20_000 + Math.floor(Math.random() * 30_000);
  const server = new FtpSrv({
    url: `ftp://${host}:0`,
    pasv_url: host,
    pasv_min: pasvMin,
    pasv_max: pasvMin + 5_000,
    anonymous: false,
    greeting: 'TD SYNNEX price file (simulator)',
    log: quietLog,
  });
  for (const s of signals) {
    for (const listener of process.listeners(s)) if (!before.get(s)!.has(listener)) process.removeListener(s, listener);
  }
  server.on('login', ({ connection, username, password }, resolve, reject) => {
    if (username !== login.user || password !== login.password) {
      reject(new Error('Login incorrect.'));
      return;
    }
    resolve({ fs: new GeneratedFiles(connection, entries, () => opts.clock.now()) });
  });
  // A client that drops its connection mid-transfer is not the simulator's problem.
  server.on('client-error', () => undefined);
  await server.listen();
  const listening: Server = Reflect.get(server, 'server');
  const port = (listening.address() as AddressInfo).port;
  return {
    url: `ftp://${host}:${port}`,
    port,
    files,
    close: async () => {
      await server.close();
    },
  };
}
