// The whole product for browser tests: the API on a fresh PostgreSQL database, the built web
// app served by Debian's nginx with the very template the container uses — passing /api/ on to
// the API, so the page calls its own origin as in production — and Chromium driven by
// playwright-core (never a downloaded browser).

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { makeToken, sessionHeaders } from '@bengkel/testing/accounts';
import { adminUrl, freshDatabase, type FreshDatabase } from '@bengkel/testing/database';
import { freePort, spawnServer, waitForHttp, type ServerProcess } from '@bengkel/testing/server';

export { freePort };
// @ts-expect-error: a plain ES module shared with the container's start-up
import { render } from '../../scripts/render.mjs';

const WEB = fileURLToPath(new URL('../../', import.meta.url));


export interface Stack {
  /** The web app's origin, which also answers /api/ (the proxy). */
  web: string;
  /** The API itself, for seeding data without the proxy's rate limit. */
  api: string;
  browser: Browser;
  /** A browser context signed in as the workshop's owner (the session cookie set, as after signing in). */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** The owner's API token, for calls made beside the browser ('' for a stack started without an owner). */
  token: string;
  /** What the API process has logged so far (one JSON line per request). */
  apiOutput(): string;
  stop(): Promise<void>;
}

/**
 * Rethrows a browser wait that timed out with what would explain it: the page's address and
 * text, and the API's answers of 400 and over (or its load shedding) shortly before.
 */
export async function explainTimeout(stack: Stack, page: import('playwright-core').Page, error: unknown): Promise<never> {
  const text = await page.locator('body').innerText({ timeout: 2_000 }).catch(() => '(no page text)');
  const troubles = stack
    .apiOutput()
    .split('\n')
    .filter((line) => /"status":[45]\d\d|shedding|"level":[56]0/.test(line))
    .slice(-10);
  throw new Error(`${(error as Error).message}\n— page ${page.url()}:\n${text.slice(0, 600)}\n— API answers ≥ 400 before it:\n${troubles.join('\n') || '(none)'}`, { cause: error });
}

export interface NginxOptions {
  /** Address to listen on (127.0.0.1). */
  host?: string;
  /** config.js's deploy-time API address; empty (the default) calls /api/ on the page's own origin. */
  apiBaseUrl?: string;
}

/**
 * nginx serving a fresh build of the app with the container's template, passing /api/ on to the
 * API at `apiBase`; returns its base URL and a stopper.
 */
export async function startNginx(apiBase: string, port: number, { host = '127.0.0.1', apiBaseUrl = '' }: NginxOptions = {}): Promise<{ base: string; process: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bengkel-web-'));
  chmodSync(dir, 0o755);
  const root = join(dir, 'html');
  // Built into this server's own folder, so that test files running at once never share one.
  execFileSync(process.execPath, [join(WEB, 'scripts/build.mjs'), root], { stdio: 'ignore' });
  writeFileSync(join(root, 'config.js'), render(join(WEB, 'nginx/config.js.template'), { API_BASE_URL: apiBaseUrl, CURRENCY: 'IDR' }));
  const template = { WEB_PORT: `${host}:${port}`, WEB_ROOT: root, API_UPSTREAM: new URL(apiBase).host, API_ORIGIN: apiBaseUrl ? new URL(apiBaseUrl).origin : '' };
  writeFileSync(join(dir, 'default.conf'), render(join(WEB, 'nginx/templates/default.conf.template'), template));
  for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  include ${dir}/default.conf;
}
`,
  );
  execFileSync('nginx', ['-t', '-q', '-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf')]);
  const nginx = spawn('nginx', ['-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const base = `http://${host}:${port}`;
  await waitForHttp(`${base}/`, 20_000);
  return { base, process: nginx, dir };
}

/**
 * `crossOrigin`: config.js points the page at the API's own origin instead (a deploy-time
 * API_BASE_URL elsewhere), which then needs the web origin in the API's CORS_ORIGINS.
 */
export async function startStack({ crossOrigin = false, owner = true }: { crossOrigin?: boolean; owner?: boolean } = {}): Promise<Stack> {
  const fresh: FreshDatabase = await freshDatabase(adminUrl());
  const webPort = await freePort();
  // Browser tests drive the app, not load shedding (the API's own tests cover that): with two
  // Chromiums beside it on a loaded machine, the API's event loop can lag past the default 1 s.
  const api: ServerProcess = spawnServer({
    DATABASE_URL: fresh.url!,
    MAX_EVENT_LOOP_DELAY_MS: '0',
    // Without an owner the app opens on its first run.
    ...(owner ? {} : { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' }),
    ...(crossOrigin ? { CORS_ORIGINS: `http://127.0.0.1:${webPort}` } : {}),
  });
  const apiBase = await api.base;
  const nginx = await startNginx(apiBase, webPort, crossOrigin ? { apiBaseUrl: apiBase } : {});
  const browser = await chromium.launch({
    executablePath: '/usr/lib/chromium/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const token = owner ? await makeToken(apiBase) : '';
  return {
    web: nginx.base,
    api: apiBase,
    browser,
    token,
    async newContext(options = {}) {
      const context = await browser.newContext(options);
      // A session of its own, signed in through the web server as the page would be.
      const cookie = (await sessionHeaders(nginx.base)).cookie!.replace(/^bengkel_session=/, '');
      await context.addCookies([{ name: 'bengkel_session', value: cookie, url: nginx.base, httpOnly: true, sameSite: 'Strict' }]);
      return context;
    },
    apiOutput: () => api.output(),
    async stop() {
      await browser.close();
      nginx.process.kill('SIGQUIT');
      await api.stop();
      rmSync(nginx.dir, { recursive: true, force: true });
      await fresh.drop();
    },
  };
}
