// nginx with the container's template and serve.mjs (behind `npm start`) follow one set of rules
// (web/nginx/site.mjs). Here both run over the same build in front of the same stand-in API and
// must answer every request alike — status, caching, security headers, compression, the /api/
// proxy and its forwarded headers, body limits, rate limits — so that neither can drift.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { waitForHttp } from '@bengkel/testing/server';
import { freePort, startNginx } from './e2e/harness.ts';
// @ts-expect-error: plain ES modules shared with the container and serve.mjs
import { nginxTemplate, TEMPLATE } from '../scripts/nginx-template.mjs';
// @ts-expect-error: see above
import { rateLimit } from '../nginx/site.mjs';

const SERVE = fileURLToPath(new URL('../scripts/serve.mjs', import.meta.url));

/** What the stand-in API was asked, to check what the proxies pass on. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
}
const seen: Seen[] = [];
const BIG = JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => ({ id: i, name: `Customer ${i}` })), total: 40 });

const api = http.createServer((request, response) => {
  let bytes = 0;
  request.on('data', (chunk: Buffer) => (bytes += chunk.length));
  request.on('end', () => {
    seen.push({ method: request.method!, url: request.url!, headers: request.headers, bytes });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
    if (request.url === '/api/health') return json(200, { status: 'ok' });
    if (request.url === '/api/customers') return response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', vary: 'Origin', 'content-length': Buffer.byteLength(BIG) }).end(BIG);
    if (request.url === '/api/upload') return json(201, { bytes });
    json(404, { title: 'Not Found' }, { 'content-type': 'application/problem+json' });
  });
});

let nginx: Awaited<ReturnType<typeof startNginx>>;
let node: ChildProcess;
const servers: Record<'nginx' | 'serve.mjs', string> = { nginx: '', 'serve.mjs': '' };

before(async () => {
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const apiBase = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  nginx = await startNginx(apiBase, await freePort());
  servers.nginx = nginx.base;
  const port = await freePort();
  node = spawn(process.execPath, [SERVE], {
    env: { ...process.env, HOST: '127.0.0.1', WEB_PORT: String(port), WEB_ROOT: join(nginx.dir, 'html'), API_UPSTREAM: new URL(apiBase).host, API_BASE_URL: '', CURRENCY: 'IDR' },
    stdio: 'ignore',
  });
  servers['serve.mjs'] = `http://127.0.0.1:${port}`;
  await waitForHttp(`${servers['serve.mjs']}/`, 10_000);
});
after(() => {
  nginx?.process.kill('SIGQUIT');
  node?.kill('SIGTERM');
  api.closeAllConnections();
  api.close();
  rmSync(nginx.dir, { recursive: true, force: true });
});

const COMPARED = ['location', 'cache-control', 'content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options', 'content-type', 'content-encoding', 'vary', 'etag', 'last-modified'];

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request as a browser sends it; the body decoded, and only the headers both should agree on. */
interface Ask {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Announce this many bytes but send only the first of them: the answer must not wait for the rest. */
  announced?: number;
}

function ask(base: string, path: string, { method = 'GET', headers = {}, body, announced }: Ask = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, { method, headers: { 'accept-encoding': 'gzip', ...headers }, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        // A redirect names the server's own address, which differs between the two.
        const picked = Object.fromEntries(COMPARED.filter((name) => response.headers[name] !== undefined).map((name) => [name, String(response.headers[name]).replace(base, '<base>')]));
        const text = (response.headers['content-encoding'] === 'gzip' && raw.length ? gunzipSync(raw) : raw).toString();
        resolve({ status: response.statusCode!, headers: picked, body: text });
        if (announced) request.destroy();
      });
    });
    request.on('error', (error) => reject(new Error(`${method} ${base}${path}: ${error.message}`)));
    if (announced === undefined) return void request.end(body);
    request.setHeader('content-length', announced);
    request.write(Buffer.alloc(64 * 1024, 'a'));
  });
}


/** Asks both servers; they must answer alike. Returns nginx's answer for further checks. */
async function both(path: string, init: Ask = {}): Promise<Answer> {
  const [fromNginx, fromNode] = [await ask(servers.nginx, path, init), await ask(servers['serve.mjs'], path, init)];
  assert.deepEqual(fromNode, fromNginx, `${init.method ?? 'GET'} ${path}: serve.mjs answers differently from nginx`);
  return fromNginx;
}

const asset = (suffix: string) => `/assets/${readdirSync(join(nginx.dir, 'html/assets')).find((f) => f.endsWith(suffix))}`;

describe('nginx and the npm start server answer alike', () => {
  test('the committed nginx template is the one generated from the shared rules', () => {
    assert.equal(readFileSync(TEMPLATE, 'utf8'), nginxTemplate(), 'run npm run nginx-template -w web');
  });

  test('app pages: index.html with no-cache and the security headers, gzipped', async () => {
    for (const path of ['/', '/customers', '/vehicles/42/edit', '/services?status=scheduled', '/metrics', '/apifoo']) {
      const answer = await both(path);
      assert.equal(answer.status, 200, path);
      assert.match(answer.body, /<main id="main"/, path);
      assert.equal(answer.headers['cache-control'], 'no-cache');
      assert.match(answer.headers['content-security-policy']!, /connect-src 'self' ;/);
    }
    assert.ok(!seen.some((request) => request.url.includes('metrics')), '/metrics must never reach the API through the web server');
    const bare = await both('/api');
    assert.deepEqual([bare.status, bare.headers.location], [301, '<base>/api/']);
  });

  test('fingerprinted assets for a year, a missing one 404; revalidation answers 304', async () => {
    const js = await both(asset('.js'));
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.headers['content-encoding'], 'gzip');
    await both(asset('.css'), { headers: { 'accept-encoding': 'identity' } });
    assert.equal((await both('/assets/app.nothere.js')).status, 404);
    const page = await both('/', { headers: { 'accept-encoding': 'identity' } });
    assert.equal((await both('/', { headers: { 'accept-encoding': 'identity', 'if-none-match': page.headers.etag! } })).status, 304);
    assert.equal((await both('/', { method: 'HEAD' })).status, 200);
    assert.equal((await both('/', { method: 'POST' })).status, 405);
  });

  test('config.js comes from the same template, pointing the page at its own origin', async () => {
    const answer = await both('/config.js');
    assert.match(answer.body, /apiBaseUrl: '', currency: 'IDR'/);
    assert.equal(answer.headers['cache-control'], 'no-cache');
  });

  test('/api/ is passed on with the client\'s host, address and scheme, compressed as nginx does', async () => {
    const health = await both('/api/health');
    assert.equal(health.status, 200);
    assert.equal(health.headers['content-security-policy'], undefined, 'the API sets its own headers');
    const list = await both('/api/customers');
    assert.equal(list.headers['content-encoding'], 'gzip');
    assert.equal(list.headers.vary, 'Accept-Encoding, Origin');
    assert.equal(list.body, BIG);
    assert.equal((await both('/api/nothere')).status, 404);

    seen.length = 0;
    await both('/api/health', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(seen.length, 2);
    for (const [request, base] of [[seen[0]!, servers.nginx], [seen[1]!, servers['serve.mjs']]] as const) {
      assert.equal(request.headers.host, new URL(base).host);
      assert.equal(request.headers['x-forwarded-for'], '203.0.113.9, 127.0.0.1');
      assert.equal(request.headers['x-forwarded-proto'], 'http');
      assert.equal(request.headers['x-forwarded-host'], new URL(base).host);
    }
  });

  test('bodies up to 11 MiB reach the API; larger ones are refused with 413', async () => {
    seen.length = 0;
    const upload = await both('/api/upload', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: Buffer.alloc(10.5 * 1024 * 1024, 'a') });
    assert.equal(upload.status, 201);
    assert.deepEqual(seen.map((request) => request.bytes), [10.5 * 1024 * 1024, 10.5 * 1024 * 1024]);
    seen.length = 0;
    const refused = await both('/api/upload', { method: 'POST', headers: { 'content-type': 'text/csv' }, announced: 12 * 1024 * 1024 });
    assert.equal(refused.status, 413);
    assert.equal(seen.length, 0);
  });

  test('a page load and a hundred API calls at once pass; a burst far beyond gets 429s', async () => {
    for (const base of Object.values(servers)) {
      const statuses = await Promise.all([
        ...['/', '/config.js', asset('.js'), asset('.css')].map((path) => ask(base, path)),
        ...Array.from({ length: 100 }, () => ask(base, '/api/health')),
      ]);
      assert.deepEqual([...new Set(statuses.map((answer) => answer.status))], [200], base);
    }
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the API bucket refills (100/s)
    const refusals: Answer[] = [];
    for (const [name, base] of Object.entries(servers)) {
      for (const [path, count, { rate, burst }] of [['/', 150, rateLimit.pages], ['/api/health', 400, rateLimit.api]] as const) {
        const started = performance.now();
        const answers = await Promise.all(Array.from({ length: count }, () => ask(base, path)));
        const seconds = (performance.now() - started) / 1000;
        const statuses = answers.map((answer) => answer.status);
        assert.deepEqual([...new Set(statuses)].sort(), [200, 429], `${name} ${path}`);
        // The same bucket: the burst passes at once, then what refilled while the burst lasted.
        const passed = statuses.filter((status) => status === 200).length;
        assert.ok(passed >= burst + 1 && passed <= burst + 1 + Math.ceil(rate * seconds) + 2, `${name} let ${passed} of ${count} ${path} through in ${seconds.toFixed(2)} s`);
        if (path === '/') refusals.push(answers.find((answer) => answer.status === 429)!);
      }
    }
    assert.deepEqual(refusals[1], refusals[0], 'the two refuse alike');
    assert.equal(refusals[0]!.headers['x-frame-options'], 'DENY', 'a refusal carries the security headers');
  });

  test('with the API down, both answer 502', async () => {
    api.closeAllConnections();
    await new Promise((resolve) => api.close(resolve));
    await new Promise((resolve) => setTimeout(resolve, 2500)); // the burst's bucket drains first
    assert.equal((await both('/api/health')).status, 502);
  });
});
