/**
 * Node only: FTP and FTPS downloads with basic-ftp, SFTP with ssh2, as a byte stream (never held whole). Handed to the TD
 * SYNNEX client by the Node entry (server/entry/node.ts) through `Deps.fileTransfer`; the Worker never
 * imports this file. The stream applies back-pressure: while Product Sync writes a batch the data connection
 * waits; if the server gives up meanwhile, the run re-downloads and skips to its checkpointed line.
 */

import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Client, FTPError } from 'basic-ftp';
import { type SFTPWrapper, Client as SshClient } from 'ssh2';
import { tdsError } from './errors.ts';
import type { FileTransfer, FileTransferRequest } from './price-file-delivery.ts';

const ROUTE = 'GET pricefile (ftp)';
const SFTP_ROUTE = 'GET pricefile (sftp)';

export const nodeFileTransfer: FileTransfer = (request) => ({
  [Symbol.asyncIterator]: () => download(request)[Symbol.asyncIterator](),
});

async function* download(request: FileTransferRequest): AsyncGenerator<Uint8Array> {
  const { url } = request;
  if (url.protocol === 'sftp:') {
    yield* sftpDownload(request);
    return;
  }
  const client = new Client(request.timeoutMs);
  const sink = new PassThrough();
  let finished: Promise<void> | undefined;
  try {
    try {
      await client.access({
        host: url.hostname,
        port: url.port ? Number(url.port) : 21,
        user: request.user,
        password: request.password,
        secure: url.protocol === 'ftps:',
      });
    } catch (error) {
      throw mapError(error, url);
    }
    finished = client.downloadTo(sink, decodeURIComponent(url.pathname)).then(
      () => undefined,
      (error: unknown) => {
        sink.destroy(mapError(error, url));
      },
    );
    for await (const chunk of sink as AsyncIterable<Buffer>) yield new Uint8Array(chunk);
    await finished;
  } catch (error) {
    throw mapError(error, url);
  } finally {
    client.close();
    sink.destroy();
  }
}

function mapError(error: unknown, url: URL): Error {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('tds_')) {
    return error;
  }
  const where = `${url.protocol}//${url.host}${url.pathname}`;
  if (error instanceof FTPError) {
    if (error.code === 530) {
      return tdsError(
        'tds_auth_failed',
        `The price-file FTP server ${url.host} refused the login. Check the price-file user and password TD SYNNEX gave you.`,
        { route: ROUTE, retryable: false, details: { ftpCode: error.code } },
      );
    }
    if (error.code === 550 || error.code === 551) {
      return tdsError(
        'tds_price_file_missing',
        `TD SYNNEX's FTP folder has no file at ${where} (${error.message}). Check the price-file path, or ask TD SYNNEX whether today's file is ready.`,
        { route: ROUTE, retryable: true, details: { ftpCode: error.code } },
      );
    }
    return tdsError('tds_price_file_ftp_error', `The price-file FTP server answered: ${error.message}`, {
      route: ROUTE,
      retryable: error.code >= 400 && error.code < 500,
      details: { ftpCode: error.code },
    });
  }
  return tdsError(
    'tds_network',
    `The price file could not be downloaded from ${where} (${(error as Error)?.message ?? String(error)}); tds-bridge will retry.`,
    { route: ROUTE, retryable: true },
  );
}

async function* sftpDownload(request: FileTransferRequest): AsyncGenerator<Uint8Array> {
  const { url } = request;
  const where = `${url.host}${url.pathname}`;
  const ssh = new SshClient();
  try {
    await new Promise<void>((ready, fail) => {
      ssh.once('ready', ready);
      ssh.once('error', fail);
      ssh.connect({
        host: url.hostname,
        port: url.port ? Number(url.port) : 22,
        username: request.user,
        password: request.password,
        readyTimeout: request.timeoutMs,
        // A pinned host key keeps the login from going to an impostor; without one the first key is accepted.
        hostVerifier: (key: Buffer) =>
          !request.hostKeySha256 || createHash('sha256').update(key).digest('base64') === request.hostKeySha256,
      });
    }).catch((error: Error & { level?: string }) => {
      if (error.level === 'client-authentication') {
        throw tdsError(
          'tds_auth_failed',
          `The price-file SFTP server ${url.host} refused the login. Check the price-file user and password TD SYNNEX gave you.`,
          { route: SFTP_ROUTE, retryable: false },
        );
      }
      if (/host key|verification/i.test(error.message)) {
        throw tdsError(
          'tds_price_file_host_key',
          `The SFTP server ${url.host} presented a host key other than the pinned one; nothing was sent. Check priceFile.hostKeySha256 with TD SYNNEX.`,
          { route: SFTP_ROUTE, retryable: false },
        );
      }
      throw tdsError('tds_network', `The SFTP server ${url.host} could not be reached (${error.message}).`, {
        route: SFTP_ROUTE,
        retryable: true,
      });
    });
    const sftp = await new Promise<SFTPWrapper>((ok, fail) => ssh.sftp((error, s) => (error ? fail(error) : ok(s))));
    const stream = sftp.createReadStream(decodeURIComponent(url.pathname));
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) yield new Uint8Array(chunk);
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === 2) {
        throw tdsError(
          'tds_price_file_missing',
          `TD SYNNEX's SFTP folder has no file at ${where}. Check the price-file path, or ask TD SYNNEX whether today's file is ready.`,
          { route: SFTP_ROUTE, retryable: true },
        );
      }
      throw tdsError(
        'tds_network',
        `The price-file SFTP download from ${where} broke off (${(error as Error).message}).`,
        {
          route: SFTP_ROUTE,
          retryable: true,
        },
      );
    } finally {
      stream.destroy();
    }
  } finally {
    ssh.end();
  }
}
