/**
 * How a tenant's TD SYNNEX price file reaches tds-bridge. In the US the catalog arrives as the `~` P&A flat
 * file, which TD SYNNEX puts on an FTP (or FTPS; SFTP where an account has it) folder for eligible customers,
 * daily full or delta (td-synnex.md §6 and corrections); it can also be fetched from an HTTPS URL, or uploaded
 * through the admin API (the Workers path). This module is runtime-neutral: FTP itself lives in
 * file-transfer-node.ts, which only the Node entry hands in as a `FileTransfer`, so the Worker bundle never
 * imports an FTP client. Also reads the category list file that names the category codes.
 */
import { tdsError } from './errors.ts';

export interface PriceFileDelivery {
  /** The daily full file: ftp://, ftps://, sftp://, https:// (http:// only for simulators). */
  url: string;
  /** The delta file, when the account gets one; incremental runs read it instead of the full file. */
  deltaUrl?: string;
  /** The category list file. */
  categoriesUrl?: string;
  /** Login of the file server; default the EC login. */
  user?: string;
  password?: string;
  /** SFTP only: base64 SHA-256 of the server's host key; when set, any other key is refused. */
  hostKeySha256?: string;
}

export interface FileTransferRequest {
  url: URL;
  user: string;
  password: string;
  /** Idle timeout of the connection (ms). */
  timeoutMs: number;
  hostKeySha256?: string;
}

/** Downloads one file over FTP, FTPS or SFTP as a byte stream (Node only). */
export type FileTransfer = (request: FileTransferRequest) => AsyncIterable<Uint8Array>;

export const FILE_TRANSFER_PROTOCOLS = ['ftp:', 'ftps:', 'sftp:'] as const;

export function isFileTransferUrl(url: string): boolean {
  try {
    return (FILE_TRANSFER_PROTOCOLS as readonly string[]).includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

export function transferUnavailable(route: string): Error {
  return tdsError(
    'tds_price_file_transport_unavailable',
    'This server cannot reach FTP or SFTP (Cloudflare Workers has no FTP client). Run tds-bridge on Node for FTP delivery, give an HTTPS URL, or upload the file through PUT /api/admin/tenants/{tenant}/price-file.',
    { route, retryable: false },
  );
}

export interface TdsCategoryEntry {
  /** 3, 6 or 9 digits. */
  code: string;
  level: 1 | 2 | 3;
  name: string;
  level1: string;
  level2: string;
  level3: string;
  unspsc: string;
}

/**
 * The category list (`CatCode,Level1Description,Level2Description,Level3Description,UNSPSC`, quoted CSV, as the
 * public copy of the list). Rows without a 3/6/9-digit code (a repeated header, an id column) are skipped;
 * a leading id column is tolerated.
 */
export function parseCategoryList(text: string): TdsCategoryEntry[] {
  const out = new Map<string, TdsCategoryEntry>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    let cells = csvCells(line);
    if (cells.length >= 6 && !/^\d{3}(\d{3}){0,2}$/.test(cells[0] ?? '')) continue;
    if (cells.length >= 6 && /^\d{3}(\d{3}){0,2}$/.test(cells[1] ?? '')) cells = cells.slice(1);
    const [code = '', level1 = '', level2 = '', level3 = '', unspsc = ''] = cells;
    if (!/^\d{3}(\d{3}){0,2}$/.test(code)) continue;
    const level = code.length === 3 ? 1 : code.length === 6 ? 2 : 3;
    const name = (level === 1 ? level1 : level === 2 ? level2 : level3 || level2).trim();
    out.set(code, { code, level, name, level1: level1.trim(), level2: level2.trim(), level3: level3.trim(), unspsc });
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}

function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}
