import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { validate } from 'dockerfile-utils';
import { bearer, makeToken, ownerEnv } from '@bengkel/testing/accounts';
import { adminUrl, freshDatabase } from '@bengkel/testing/database';
import { freePort } from '@bengkel/testing/server';
import { daemon, REPO } from '@bengkel/testing/tools';
import { readDockerfile, replayStage, type ReplayedStage } from './helpers/dockerfile.ts';

const DOCKERFILES = ['api/Dockerfile', 'web/Dockerfile'];

describe('Dockerfiles', () => {
  for (const file of DOCKERFILES) {
    test(`${file} has no problems dockerfile-utils' linter reports`, () => {
      assert.deepEqual(validate(readFileSync(join(REPO, file), 'utf8'), {}), []);
    });

    test(`${file}: pinned Alpine bases, npm ci, no ADD, a non-root user and a HEALTHCHECK in the image`, () => {
      const stages = readDockerfile(join(REPO, file));
      for (const stage of stages) {
        assert.match(stage.from, /^[\w./-]+:\d[\w.]*-alpine$/, `${file}: ${stage.from} is not a pinned Alpine image`);
        for (const instruction of stage.instructions) {
          assert.notEqual(instruction.keyword, 'ADD', `${file}:${instruction.line} uses ADD`);
          if (instruction.keyword === 'RUN') assert.doesNotMatch(instruction.args, /npm install/, `${file}:${instruction.line}`);
          if (instruction.keyword === 'COPY' && !instruction.flags.from) {
            for (const source of instruction.args.split(/\s+/).slice(0, -1)) assert.ok(existsSync(join(REPO, source)), `${file}:${instruction.line} copies missing ${source}`);
          }
        }
      }
      const final = stages.at(-1)!.instructions;
      const user = final.filter((i) => i.keyword === 'USER').at(-1)?.args;
      assert.ok(user && !['root', '0'].includes(user), `${file}: the image runs as root`);
      assert.ok(final.some((i) => i.keyword === 'HEALTHCHECK' && /wget .*http:\/\/127\.0\.0\.1:\d+\//.test(i.args)), `${file}: no HEALTHCHECK`);
    });
  }

  test('.dockerignore keeps local installs, builds, data and secrets out of the build context', () => {
    const ignored = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n');
    for (const pattern of ['**/node_modules', '**/dist', '**/data', '.env', '.git']) assert.ok(ignored.includes(pattern), pattern);
  });
});

describe('the API image, its build replayed without Docker', { timeout: 300_000 }, () => {
  test('builds from what api/Dockerfile copies, holds production dependencies only, and serves on PostgreSQL', async (t) => {
    const work = mkdtempSync(join(tmpdir(), 'bengkel-image-'));
    t.after(() => rmSync(work, { recursive: true, force: true }));
    const stages = readDockerfile(join(REPO, 'api/Dockerfile'));
    const replayed = new Map<string, ReplayedStage>();
    let image: ReplayedStage | undefined;
    stages.forEach((_, index) => {
      image = replayStage(stages, index, REPO, work, replayed, ['mkdir -p /app/api/data && chown node:node /app/api/data']);
    });
    const app = join(image!.root, 'app');
    const installed = readdirSync(join(app, 'node_modules'));
    for (const dev of ['typescript', 'tsx', 'drizzle-kit', 'fast-check', 'eslint', 'playwright-core']) assert.ok(!installed.includes(dev), `${dev} is in the image`);
    assert.ok(existsSync(join(app, 'api/dist/db/migrations')), 'the migrations are not in the image');

    const cmd = stages.at(-1)!.instructions.find((i) => i.keyword === 'CMD')!;
    const [command, ...args] = JSON.parse(cmd.args) as string[];
    const database = await freshDatabase(adminUrl());
    t.after(() => database.drop());
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await daemon(command === 'node' ? process.execPath : command!, args, `${base}/api/ready`, {
      cwd: join(image!.root, image!.workdir),
      env: { PATH: process.env.PATH, ...image!.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: database.url!, ...ownerEnv },
    });
    t.after(() => server.stop());
    assert.equal(image!.env.NODE_ENV, 'production');
    const created = await fetch(`${base}/api/customers`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...bearer(await makeToken(base)) }, body: JSON.stringify({ name: 'Image Test', email: 'image@example.com' }),
    });
    assert.equal(created.status, 201);
    assert.equal((await fetch(`${base}/api/health`)).status, 200);
  });

  test('the web image builds the app from what web/Dockerfile copies', (t) => {
    const work = mkdtempSync(join(tmpdir(), 'bengkel-image-'));
    t.after(() => rmSync(work, { recursive: true, force: true }));
    const stages = readDockerfile(join(REPO, 'web/Dockerfile'));
    const build = replayStage(stages, 0, REPO, work, new Map());
    const dist = join(build.root, 'app/web/dist');
    assert.ok(existsSync(join(dist, 'index.html')));
    assert.ok(readdirSync(join(dist, 'assets')).some((f) => /^app\.[0-9a-f]+\.js$/.test(f)));
  });
});
