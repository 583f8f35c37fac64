/**
 * Files from the admin API (support bundle zip, report CSV/HTML, backup JSON): fetched with the console's
 * session (cookie, or the member's token in a ConnectWise Tab) and header like every other call, then handed to the browser as a download.
 */
import { adminFetch, ConsoleApiError } from '../api.ts';

export async function fetchFile(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Blob> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await adminFetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return response.blob();
  const parsed = (await response.json().catch(() => undefined)) as
    | { error?: { code?: string; message?: string } }
    | undefined;
  throw new ConsoleApiError(
    response.status,
    parsed?.error?.code ?? 'http_error',
    parsed?.error?.message ?? `HTTP ${response.status}`,
  );
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser the URL long enough to start the download.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
