/** What the security suites send and serve: raw HTTP requests as written, and gzip bombs. */
import { connect } from 'node:net';
import { createGzip } from 'node:zlib';

const MB = 1024 * 1024;

/** `megabytes` of zeros, gzipped (~1 KB per MB), made by streaming so the test never holds them. */
export async function gzipBomb(megabytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(MB);
  for (let index = 0; index < megabytes; index++) if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  gzip.end();
  await done;
  return Buffer.concat(parts);
}

/** Raw HTTP/1.1 over a socket: fetch would normalise the request target before sending it. */
export function rawRequest(origin: string, requestText: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0), text: received }));
    socket.on('error', reject);
    socket.end(requestText);
  });
}
