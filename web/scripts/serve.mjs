#!/usr/bin/env node
// Serves web/dist on WEB_PORT (8085) for `npm start` on a machine without nginx, with the same
// rules as nginx/templates/default.conf.template: history fallback to index.html, year-long
// caching for fingerprinted assets, no-cache for the rest, the same security headers, gzip.
// Production and the browser tests use nginx itself.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const root = fileURLToPath(new URL('../dist', import.meta.url));
const port = Number(process.env.WEB_PORT ?? 8085);
const apiOrigin = new URL(process.env.API_BASE_URL ?? 'http://localhost:5000').origin;
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'application/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json' };
const HEADERS = {
  'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src ${apiOrigin}; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

const server = createServer((request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) return void response.writeHead(400).end();
  const isAsset = path.startsWith('/assets/');
  if (!existsSync(file) || statSync(file).isDirectory()) {
    if (isAsset) return void response.writeHead(404, HEADERS).end('not found');
    file = join(root, 'index.html');
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) && type !== 'application/octet-stream';
  response.writeHead(200, {
    ...HEADERS,
    'content-type': type,
    'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'Accept-Encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  const stream = createReadStream(file);
  (gzip ? stream.pipe(createGzip()) : stream).pipe(response);
});
server.listen(port, process.env.WEB_HOST ?? 'localhost', () => console.log(`web: http://localhost:${port} (API ${apiOrigin})`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
