#!/usr/bin/env node
// Serves web/dist for `npm start` on a machine without nginx, following the rules nginx follows
// in the container (web/nginx/site.mjs, the source of both; web/test/servers.test.ts runs the two
// side by side): history fallback to index.html, year-long caching for fingerprinted assets,
// no-cache for the rest, the security headers, gzip, per-client rate limits, and /api/ passed on
// to the API, so the page calls its own origin from any device.
//   HOST (localhost)  WEB_PORT (8085)  WEB_ROOT (web/dist)  API_UPSTREAM (localhost:$PORT, PORT 5000)
//   API_BASE_URL (empty: the page's own origin)  CURRENCY (IDR)  — config.js is written into
//   WEB_ROOT from nginx/config.js.template at start, as the container's start-up hook writes it.

import { createReadStream, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { apiProxy, cacheControl, CONNECT_SRC, gzip, rateLimit, securityHeaders } from '../nginx/site.mjs';
import { rateLimiter } from './rate-limit.mjs';
import { render, substitute } from './render.mjs';

const env = process.env;
const root = resolve(env.WEB_ROOT || fileURLToPath(new URL('../dist', import.meta.url)));
const host = env.HOST || 'localhost';
const port = Number(env.WEB_PORT || 8085);
const upstream = new URL(`http://${env.API_UPSTREAM || `localhost:${env.PORT || 5000}`}`);
const apiBaseUrl = env.API_BASE_URL ?? '';
const deployed = {
  API_BASE_URL: apiBaseUrl,
  API_ORIGIN: apiBaseUrl ? new URL(apiBaseUrl).origin : '',
  CURRENCY: env.CURRENCY || 'IDR',
};
writeFileSync(join(root, 'config.js'), render(fileURLToPath(new URL('../nginx/config.js.template', import.meta.url)), deployed));

// As nginx's mime.types and `charset utf-8` (whose charset_types include javascript, not css) give them.
const TYPES = { '.html': 'text/html', '.js': 'application/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain' };
const CHARSET_TYPES = new Set(['text/html', 'text/plain', 'application/javascript']);
const contentType = (type) => (CHARSET_TYPES.has(type) ? `${type}; charset=utf-8` : type);

const headersFor = (cache) => ({
  'cache-control': cache,
  ...Object.fromEntries(Object.entries(securityHeaders).map(([name, value]) => [name.toLowerCase(), value.replace(CONNECT_SRC, substitute(CONNECT_SRC, deployed))])),
});
const STATIC = { assets: headersFor(cacheControl.assets), other: headersFor(cacheControl.other) };
const limits = { pages: rateLimiter(rateLimit.pages), api: rateLimiter(rateLimit.api) };
const agent = new http.Agent({ keepAlive: true, maxFreeSockets: apiProxy.keepaliveConnections, timeout: apiProxy.keepaliveTimeoutSeconds * 1000 });
const MAX_BODY = apiProxy.maxBodyMegabytes * 1024 * 1024;
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
const REASONS = { 301: 'Moved Permanently', 400: 'Bad Request', 404: 'Not Found', 405: 'Not Allowed', 413: 'Request Entity Too Large', 429: 'Too Many Requests', 502: 'Bad Gateway', 504: 'Gateway Time-out' };

/** gzip as nginx's gzip filter decides: listed type, long enough (or of unknown length), an answer worth caching. */
function compressible(status, type, length) {
  return [200, 403, 404].includes(status) && gzip.types.includes(type) && (length === undefined || length >= gzip.minLength);
}

function acceptsGzip(request) {
  return /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
}

/** nginx's own error page (a redirect's names no charset). */
function errorPage(response, status, headers = {}) {
  const text = `${status} ${REASONS[status]}`;
  const body = `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  const type = status === 301 ? 'text/html' : contentType('text/html');
  response.writeHead(status, { ...headers, 'content-type': type, 'content-length': Buffer.byteLength(body) }).end(body);
}

function send(request, response, { status = 200, type, headers, body, length, etag, lastModified }) {
  const validators = { ...(etag ? { etag } : {}), ...(lastModified ? { 'last-modified': lastModified } : {}) };
  const match = String(request.headers['if-none-match'] ?? '').split(/\s*,\s*/).map((t) => t.replace(/^W\//, ''));
  if (etag && match.includes(etag)) return void response.writeHead(304, { ...headers, ...validators }).end();
  const vary = compressible(status, type, length);
  const zipped = vary && acceptsGzip(request);
  // gzip makes the entity tag weak, as nginx does.
  const out = { ...headers, 'content-type': contentType(type), ...(vary ? { vary: 'Accept-Encoding' } : {}), ...validators, ...(zipped && etag ? { etag: `W/${etag}` } : {}) };
  if (zipped) out['content-encoding'] = 'gzip';
  else if (length !== undefined) out['content-length'] = length;
  response.writeHead(status, out);
  if (request.method === 'HEAD') return void response.end();
  const source = body();
  (zipped ? source.pipe(createGzip({ level: gzip.level })) : source).pipe(response);
}

/** The file's stat, or undefined when there is no such file (a folder is not one). */
function fileStat(file) {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat?.isFile() ? stat : undefined;
}

function serveStatic(request, response, path) {
  const isAsset = path.startsWith('/assets/');
  const headers = isAsset ? STATIC.assets : STATIC.other;
  if (!limits.pages.allow(clientAddress(request))) return errorPage(response, rateLimit.status, headers);
  let file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return errorPage(response, 404, headers);
  let stat = fileStat(file);
  if (!stat) {
    if (isAsset) return errorPage(response, 404, headers);
    file = join(root, 'index.html');
    stat = statSync(file);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return errorPage(response, 405, headers);
  send(request, response, {
    type: TYPES[extname(file)] ?? 'application/octet-stream',
    headers,
    length: stat.size,
    etag: `"${Math.floor(stat.mtimeMs / 1000).toString(16)}-${stat.size.toString(16)}"`,
    lastModified: stat.mtime.toUTCString(),
    body: () => createReadStream(file),
  });
}

function proxy(request, response) {
  if (!limits.api.allow(clientAddress(request))) return errorPage(response, rateLimit.status);
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY) return errorPage(response, 413);
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !HOP_BY_HOP.includes(name)));
  const forwardedFor = request.headers['x-forwarded-for'];
  Object.assign(headers, {
    'x-forwarded-for': forwardedFor ? `${forwardedFor}, ${clientAddress(request)}` : clientAddress(request),
    'x-forwarded-proto': 'http',
    'x-forwarded-host': request.headers.host ?? '',
  });
  const outgoing = http.request({ host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers, agent });
  const connectTimer = setTimeout(() => outgoing.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })), apiProxy.connectTimeoutSeconds * 1000);
  outgoing.on('socket', (socket) => (socket.connecting ? socket.once('connect', () => clearTimeout(connectTimer)) : clearTimeout(connectTimer)));
  outgoing.setTimeout(apiProxy.readTimeoutSeconds * 1000, () => outgoing.destroy(Object.assign(new Error('read timeout'), { code: 'ETIMEDOUT' })));
  outgoing.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
    clearTimeout(connectTimer);
    if (!response.headersSent) errorPage(response, error.code === 'ETIMEDOUT' ? 504 : 502);
    else response.destroy();
  });
  outgoing.on('response', (answer) => {
    const type = String(answer.headers['content-type'] ?? '').split(';')[0].trim();
    const length = answer.headers['content-length'] === undefined ? undefined : Number(answer.headers['content-length']);
    const vary = !answer.headers['content-encoding'] && compressible(answer.statusCode, type, length);
    const zipped = vary && acceptsGzip(request);
    const out = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.includes(name)));
    if (vary) out.vary = ['Accept-Encoding', answer.headers.vary].filter(Boolean).join(', ');
    if (zipped) {
      delete out['content-length'];
      out['content-encoding'] = 'gzip';
    }
    response.writeHead(answer.statusCode ?? 502, out);
    (zipped ? answer.pipe(createGzip({ level: gzip.level })) : answer).pipe(response);
  });
  let received = 0;
  request.on('data', (chunk) => {
    received += chunk.length;
    if (received > MAX_BODY) {
      outgoing.destroy();
      if (!response.headersSent) errorPage(response, 413);
      request.destroy();
    }
  });
  request.pipe(outgoing);
}

function redirect(request, response, location) {
  const query = new URL(request.url ?? '/', 'http://x').search;
  errorPage(response, 301, { location: `http://${request.headers.host ?? `${host}:${port}`}${location}${query}` });
}

function clientAddress(request) {
  return String(request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

const server = http.createServer((request, response) => {
  let path;
  try {
    path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
  } catch {
    return errorPage(response, 400);
  }
  if (path.startsWith(apiProxy.path)) proxy(request, response);
  // nginx redirects the proxied prefix without its slash to the prefix.
  else if (`${path}/` === apiProxy.path) redirect(request, response, apiProxy.path);
  else serveStatic(request, response, path);
});
server.listen(port, host, () => console.log(`web: http://${host}:${port} (/api/ → ${upstream.host})`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
