// The container's nginx template, rendered as the nginx image renders it and run by Debian's
// nginx over the built app: routing fallback, caching, compression, security headers, rate limit.

import assert from 'node:assert/strict';
import http from 'node:http';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, startNginx } from './e2e/harness.ts';

let web: Awaited<ReturnType<typeof startNginx>>;
before(async () => {
  web = await startNginx('http://localhost:5000', await freePort());
});
after(() => {
  web.process.kill('SIGQUIT');
  rmSync(web.dir, { recursive: true, force: true });
});

const asset = (suffix: string) => `/assets/${readdirSync(join(web.dir, 'html/assets')).find((f) => f.endsWith(suffix))}`;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${web.base}${path}`, { headers });

describe('nginx serving the web app', () => {
  test('every app path answers index.html (history routing), never cached', async () => {
    for (const path of ['/', '/customers', '/vehicles/42/edit', '/services?status=scheduled']) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.match(await response.text(), /<main id="main"/);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
    }
  });

  test('fingerprinted assets are cached for a year; a missing asset is 404, not the app', async () => {
    const js = await get(asset('.js'));
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(String(js.headers.get('content-type')), /javascript/);
    assert.equal((await get('/assets/app.nothere.js')).status, 404);
  });

  test('config.js is served fresh, pointing the page at its own origin by default', async () => {
    const response = await get('/config.js');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.match(await response.text(), /apiBaseUrl: ''/);
  });

  test('compresses text with gzip', async () => {
    const response = await fetch(`${web.base}${asset('.js')}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(response.headers.get('content-encoding'), 'gzip');
  });

  test('sets the security headers, with connect-src limited to the page\'s own origin', async () => {
    const response = await get('/');
    const csp = String(response.headers.get('content-security-policy'));
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /connect-src 'self' ;/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
    const js = await get(asset('.js'));
    assert.equal(js.headers.get('x-content-type-options'), 'nosniff', 'assets carry them too');
  });

  test('a first visit transfers under 60 KB gzipped', async () => {
    let total = 0;
    for (const path of ['/', '/config.js', asset('.js'), asset('.css')]) total += await wireBytes(`${web.base}${path}`);
    console.log(`first visit: ${total} bytes over the wire (gzip)`);
    assert.ok(total < 60 * 1024, `${total} bytes`);
  });

  test('a burst far beyond a person clicking gets 429s', async () => {
    const statuses = await Promise.all(Array.from({ length: 150 }, () => get('/').then((r) => r.status)));
    assert.ok(statuses.includes(200));
    assert.ok(statuses.includes(429), 'rate limited');
  });
});

/** Body bytes of a 200 as sent (fetch would decompress them): what a browser downloads with gzip. */
function wireBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        // A refused request (429 after a burst) is a few hundred bytes: it must not pass for the page.
        if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}`));
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () => resolve(bytes));
      })
      .on('error', reject);
  });
}
