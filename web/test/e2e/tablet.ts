// A tablet on the shop's network, run inside its own network namespace by shop-network.test.ts:
// Chromium opens Bengkel by the server's address, lists customers and registers one (both
// through /api/ on the page's own origin), and the API's own port must be closed to it.
// It signs in first, through the same origin, as the owner given.
//   node --import tsx tablet.ts '{"bases": ["http://10.x.y.1:8085"], "closed": ["http://10.x.y.1:5000/api/health"], "owner": {"email": …, "password": …}}'
// Prints one JSON line of findings; exits 1 on the first thing that does not work.

import { chromium } from 'playwright-core';

const { bases, closed, owner } = JSON.parse(process.argv[2]!) as { bases: string[]; closed: string[]; owner: { email: string; password: string } };
const findings: Record<string, unknown> = {};

for (const url of closed) {
  findings[url] = await fetch(url, { signal: AbortSignal.timeout(3000) }).then(
    (response) => `answered ${response.status}`,
    () => 'closed',
  );
  if (findings[url] !== 'closed') throw new Error(`${url} is reachable from the tablet: ${findings[url]}`);
}

const browser = await chromium.launch({
  executablePath: '/usr/lib/chromium/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const base of bases) {
    const context = await browser.newContext();
    // The context's requests share its cookies: the session cookie set here goes with the page's calls.
    const signedIn = await context.request.post(`${base}/api/auth/login`, { data: owner });
    if (signedIn.status() !== 200) throw new Error(`${base}: sign-in answered ${signedIn.status()}`);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('requestfailed', (request) => failures.push(`${request.url()}: ${request.failure()?.errorText}`));
    const list = page.waitForResponse((response) => response.url().startsWith(`${base}/api/customers`));
    await page.goto(`${base}/customers`);
    const listed = await list;
    const name = `Tablet ${Date.now().toString(36)}`;
    await page.goto(`${base}/customers/new`);
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill(`${Date.now().toString(36)}@tablet.example`);
    const created = page.waitForResponse((response) => response.url() === `${base}/api/customers` && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Save' }).click();
    const saved = await created;
    await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 10_000 });
    findings[base] = { list: listed.status(), create: saved.status(), failures };
    if (listed.status() !== 200 || saved.status() !== 201 || failures.length) throw new Error(`${base}: ${JSON.stringify(findings[base])}`);
    await context.close();
  }
} finally {
  await browser.close();
  console.log(JSON.stringify(findings));
}
