/**
 * Node only: the simulator's price-file delivery over SFTP (ssh2's server), for accounts TD SYNNEX serves by SFTP.
 * Same files and login as the FTP delivery (price-file-ftp.ts). SFTP reads at any offset, so a file is generated
 * whole into memory when it is opened: meant for tests and small catalogues, not the 120,000-product demo
 * (`npm start` uses FTP). A fresh host key per server; its SHA-256 fingerprint is returned for pinning.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server, utils } from 'ssh2';
import type { SimClock } from '../clock.ts';
import type { TdsCatalog } from '../data/tds-catalog.ts';
import { DEMO_CREDENTIALS, DEMO_FTP } from './account.ts';
import { CATEGORY_FILE_NAME, categoryFileText } from './category-file.ts';
import { priceFileStream } from './pricefile.ts';

export interface PriceFileSftpServer {
  /** sftp://127.0.0.1:port */
  url: string;
  port: number;
  /** Base64 SHA-256 of the host key, as `priceFile.hostKeySha256` pins it. */
  hostKeySha256: string;
  files: { full: string; delta: string; categories: string };
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
const { STATUS_CODE } = utils.sftp;

async function generated(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(parts);
    parts.push(Buffer.from(value));
  }
}

export async function startPriceFileSftp(opts: {
  catalog: TdsCatalog;
  clock: SimClock;
  login?: { user: string; password: string };
}): Promise<PriceFileSftpServer> {
  const login = opts.login ?? DEMO_FTP;
  const customerNo = DEMO_CREDENTIALS.customerNo;
  const files = { full: `${customerNo}.ap`, delta: `${customerNo}_delta.ap`, categories: CATEGORY_FILE_NAME };
  const open = async (name: string): Promise<Buffer | undefined> => {
    const now = opts.clock.now().getTime();
    if (name === files.categories) return Buffer.from(categoryFileText(), 'utf8');
    const type = name === files.full ? 'full' : name === files.delta ? 'delta' : undefined;
    if (!type) return undefined;
    return generated(priceFileStream(opts.catalog, { customerNo, type, since: now - DAY_MS, now }));
  };
  const hostKey = utils.generateKeyPairSync('ed25519');
  const parsed = utils.parseKey(hostKey.public);
  if (parsed instanceof Error) throw parsed;
  const hostKeySha256 = createHash('sha256').update(parsed.getPublicSSH()).digest('base64');

  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === login.user && ctx.password === login.password) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('error', () => undefined);
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, Buffer>();
          let next = 0;
          sftp.on('OPEN', (reqid, filename) => {
            open(filename.replace(/^\/+/, '')).then(
              (data) => {
                if (!data) return sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'No such file');
                const id = next++;
                handles.set(id, data);
                const handle = Buffer.alloc(4);
                handle.writeUInt32BE(id);
                return sftp.handle(reqid, handle);
              },
              () => sftp.status(reqid, STATUS_CODE.FAILURE),
            );
          });
          const dataOf = (handle: Buffer) => (handle.length === 4 ? handles.get(handle.readUInt32BE()) : undefined);
          sftp.on('READ', (reqid, handle, offset, length) => {
            const data = dataOf(handle);
            if (!data) return sftp.status(reqid, STATUS_CODE.FAILURE);
            if (offset >= data.length) return sftp.status(reqid, STATUS_CODE.EOF);
            return sftp.data(reqid, data.subarray(offset, Math.min(data.length, offset + length)));
          });
          sftp.on('FSTAT', (reqid, handle) => {
            const data = dataOf(handle);
            if (!data) return sftp.status(reqid, STATUS_CODE.FAILURE);
            const mtime = Math.floor(opts.clock.now().getTime() / 1000);
            return sftp.attrs(reqid, { mode: 0o100444, uid: 0, gid: 0, size: data.length, atime: mtime, mtime });
          });
          sftp.on('CLOSE', (reqid, handle) => {
            if (handle.length === 4) handles.delete(handle.readUInt32BE());
            sftp.status(reqid, STATUS_CODE.OK);
          });
        });
      });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `sftp://127.0.0.1:${port}`,
    port,
    hostKeySha256,
    files,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
