import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { composeFile, REPO, run } from '@bengkel/testing/tools';
import { readDockerfile } from './helpers/dockerfile.ts';

interface Service {
  image: string;
  build?: { context: string; dockerfile: string };
  // docker-compose 1.29 writes a port bound to one address as the short string it was given.
  ports?: Array<{ published: number; target: number; host_ip?: string } | string>;
  networks?: Record<string, unknown>;
  volumes?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  environment?: Record<string, string>;
  deploy?: { resources?: { limits?: { cpus?: string | number; memory?: string } } };
  user?: string;
  command?: string[] | string;
  profiles?: string[];
}

interface Compose {
  services: Record<string, Service>;
  networks: Record<string, unknown>;
  volumes: Record<string, unknown>;
}

const COMPOSE = join(REPO, 'docker-compose.yml');
const compose = (envFile: string) => run('docker-compose', ['--env-file', envFile, '-f', COMPOSE, 'config']);
const EXAMPLE = readFileSync(join(REPO, '.env.example'), 'utf8');
const SECRETS = ['POSTGRES_PASSWORD', 'POSTGRES_EXPORTER_PASSWORD', 'GRAFANA_ADMIN_PASSWORD', 'METRICS_TOKEN'];

/** .env.example as `cp .env.example .env` gives it, with some values changed: the file's path. */
function envFile(values: Record<string, string>): string {
  let text = EXAMPLE;
  for (const [name, value] of Object.entries(values)) {
    const line = new RegExp(`^#?\\s*${name}=.*$`, 'm');
    assert.match(text, line, `${name} is not in .env.example`);
    text = text.replace(line, `${name}=${value}`);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'bengkel-env-')), '.env');
  writeFileSync(file, text);
  return file;
}
const withPasswords = (values: Record<string, string> = {}) => envFile({ ...Object.fromEntries(SECRETS.map((s) => [s, `test-${s.toLowerCase()}`])), ...values });

/** The variables of each `# --- title ---` section of .env.example. */
function exampleSections(): Array<{ title: string; names: string[] }> {
  return EXAMPLE.split(/^# --- /m)
    .slice(1)
    .map((section) => ({ title: section.slice(0, section.indexOf('\n')), names: [...section.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!) }));
}
const section = (start: string) => exampleSections().find((s) => s.title.startsWith(start))!.names;

describe('docker-compose.yml', () => {
  let config: Compose;
  /** The services `docker compose up` starts: those in no profile. */
  let stack: Record<string, Service>;

  before(async () => {
    const result = await compose(withPasswords());
    assert.equal(result.code, 0, result.stderr);
    config = parse(result.stdout) as Compose;
    stack = Object.fromEntries(Object.entries(config.services).filter(([, s]) => !s.profiles?.length));
  });

  test('is valid for docker-compose (config -q) with the committed .env.example and its passwords set', async () => {
    const result = await run('docker-compose', ['--env-file', withPasswords(), '-f', COMPOSE, 'config', '-q']);
    assert.equal(result.code, 0, result.stderr);
  });

  test('refuses .env.example copied as it is, until its passwords are set', async () => {
    const result = await run('docker-compose', ['--env-file', join(REPO, '.env.example'), '-f', COMPOSE, 'config', '-q']);
    assert.notEqual(result.code, 0, 'cp .env.example .env would start with no password');
    assert.match(result.stderr, /set (POSTGRES_PASSWORD|POSTGRES_EXPORTER_PASSWORD|GRAFANA_ADMIN_PASSWORD|METRICS_TOKEN) in \.env/);
  });

  test('passes every API and web app setting of .env.example from .env to its container', () => {
    const api = section('API');
    const web = section('Web app');
    assert.ok(api.length >= 7 && web.length >= 2, `${api} ${web}`);
    // Distinct values, so that a default standing in for the file's value cannot pass.
    const values = Object.fromEntries([...api, ...web].map((name, i) => [name, `from-env-file-${i}`]));
    return compose(withPasswords(values)).then((result) => {
      assert.equal(result.code, 0, result.stderr);
      const services = (parse(result.stdout) as Compose).services;
      for (const name of api) assert.equal(services.backend!.environment![name], values[name], `backend ignores ${name} in .env`);
      for (const name of web) assert.equal(services.frontend!.environment![name], values[name], `frontend ignores ${name} in .env`);
    });
  });

  test('.env.example lists every setting the API reads, each in the section saying who reads it', () => {
    const read = new Set([...readFileSync(join(REPO, 'api/src/config.ts'), 'utf8').matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!));
    read.delete('DATABASE_URL'); // read as env.DATABASE_URL below; listed under npm start
    const listed = [...section('API'), ...section('npm start only')];
    assert.deepEqual([...read].filter((name) => !listed.includes(name)), [], 'settings of config.ts missing from .env.example');
    const compose = readFileSync(COMPOSE, 'utf8');
    for (const name of section('npm start only')) assert.doesNotMatch(compose, new RegExp(`\\$\\{${name}\\b`), `${name} is listed as npm start only`);
  });

  test('passes dclint with no errors or warnings', async () => {
    const result = await run(join(REPO, 'node_modules/.bin/dclint'), ['--max-warnings', '0', COMPOSE]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  test('refuses to start without the passwords, naming the one missing', async () => {
    for (const secret of SECRETS) {
      const result = await compose(withPasswords({ [secret]: '' }));
      assert.notEqual(result.code, 0, `${secret} missing but config succeeded`);
      assert.match(result.stderr, new RegExp(`set ${secret} in \\.env`));
    }
  });

  test('publishes exactly 8085 (frontend) and 3001 (Grafana), and 5000 (backend) on this machine only; the database is not reachable from outside', () => {
    const port = (p: NonNullable<Service['ports']>[number]) => (typeof p === 'string' ? p.replace(/\/tcp$/, '').replace(/:(\d+)$/, '->$1') : `${p.host_ip ?? '*'}:${p.published}->${p.target}`);
    const published = Object.entries(stack).flatMap(([name, s]) => (s.ports ?? []).map((p) => `${name} ${port(p)}`));
    assert.deepEqual(published.sort(), ['backend 127.0.0.1:5000->5000', 'frontend *:8085->8085', 'grafana *:3001->3000']);
    assert.equal(config.services.db!.ports, undefined);
    assert.equal(config.services.redis!.ports, undefined);
  });

  test('gives the backend the stack\'s Redis as its cache, bounded in memory and keeping nothing on disk', () => {
    assert.equal(config.services.backend!.environment!.REDIS_URL, 'redis://redis:6379');
    const redis = config.services.redis!;
    assert.match(redis.image, /^redis:7[\d.]*-alpine$/);
    const command = ([] as string[]).concat(redis.command ?? []).join(' ');
    assert.match(command, /--maxmemory \d+mb --maxmemory-policy allkeys-lru/);
    assert.match(command, /--save {2}--appendonly no/);
  });

  test('runs the prescribed services, all on workshop-net and no other network', () => {
    assert.deepEqual(Object.keys(stack).sort(), [
      'alertmanager', 'backend', 'blackbox-exporter', 'cadvisor', 'db', 'frontend', 'grafana', 'node-exporter', 'postgres-exporter', 'prometheus', 'redis',
    ]);
    assert.deepEqual(Object.keys(config.networks), ['workshop-net']);
    for (const [name, service] of Object.entries(config.services)) assert.deepEqual(Object.keys(service.networks ?? {}), ['workshop-net'], name);
  });

  test('the scale profile adds a replica, PgBouncer ≥ 1.21 with its exporter and two API processes behind a second frontend, changing nothing of the default stack', () => {
    const scale = Object.fromEntries(Object.entries(config.services).filter(([, s]) => s.profiles?.includes('scale')));
    assert.deepEqual(Object.keys(scale).sort(), ['backend-scale', 'db-replica', 'frontend-scale', 'pgbouncer', 'pgbouncer-exporter']);
    assert.equal(Object.keys(stack).length + Object.keys(scale).length, Object.keys(config.services).length, 'every service is in the stack or the scale profile');
    const [, version] = /pgbouncer:v(\d+\.\d+)/.exec(scale.pgbouncer!.image) ?? [];
    assert.ok(Number(version) >= 1.21, `PgBouncer ${version} cannot keep named statements in transaction pooling`);
    assert.equal(scale.pgbouncer!.environment!.POOL_MODE, 'transaction');
    assert.ok(Number(scale.pgbouncer!.environment!.MAX_PREPARED_STATEMENTS) > 0);
    assert.equal(scale['db-replica']!.image, 'postgres:15-alpine');
    const api = scale['backend-scale']!.environment!;
    assert.match(api.DATABASE_URL!, /@pgbouncer:5432\//);
    assert.match(api.DATABASE_DIRECT_URL!, /@db:5432\//, 'migrations bypass the pooler');
    assert.match(api.DATABASE_REPLICA_URLS!, /@db-replica:5432\//);
    assert.equal(api.DB_STATEMENT_TIMEOUT_MS, '0', 'PgBouncer refuses statement_timeout as a startup parameter');
    assert.equal(api.REDIS_URL, 'redis://redis:6379');
    for (const [name, value] of Object.entries(stack.backend!.environment!)) {
      if (!['DATABASE_URL', 'DATABASE_DIRECT_URL', 'DATABASE_REPLICA_URLS', 'DB_STATEMENT_TIMEOUT_MS'].includes(name)) assert.equal(api[name], value, `backend-scale's ${name}`);
    }
    assert.equal(scale['frontend-scale']!.environment!.API_UPSTREAM, 'backend-scale:5000');
    const published = Object.entries(scale).flatMap(([name, s]) => (s.ports ?? []).map((p) => `${name} ${JSON.stringify(p)}`));
    assert.equal(published.length, 1, published.join(', '));
    assert.match(published[0]!, /^frontend-scale .*8086/);
  });

  test('keeps the database on postgres:15-alpine in the postgres_data volume, with a pg_isready healthcheck', () => {
    const db = config.services.db!;
    assert.equal(db.image, 'postgres:15-alpine');
    assert.ok(db.volumes!.includes('postgres_data:/var/lib/postgresql/data:rw'), String(db.volumes));
    assert.match(JSON.stringify(db.healthcheck!.test), /pg_isready/);
    assert.ok('postgres_data' in config.volumes);
    assert.match(config.services.backend!.environment!.DATABASE_URL!, /^postgres:\/\/[^@]+@db:5432\//);
  });

  test('pins every image to a version, builds ours from their Dockerfiles and runs them unprivileged', () => {
    for (const [name, service] of Object.entries(config.services)) {
      assert.match(service.image, /:[\w.-]+$/, `${name} has no tag`);
      assert.doesNotMatch(service.image, /:latest$/, `${name} uses latest`);
    }
    for (const name of ['backend', 'frontend']) {
      const { build } = config.services[name]!;
      const stages = readDockerfile(join(build!.context, build!.dockerfile));
      const user = stages.at(-1)!.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
      assert.ok(user && user !== 'root', `${name} image runs as root`);
    }
  });

  test('gives every service a healthcheck (in Compose or its Dockerfile) and a restart policy', () => {
    for (const [name, service] of Object.entries(config.services)) {
      const inDockerfile = service.build && readDockerfile(join(service.build.context, service.build.dockerfile)).at(-1)!.instructions.some((i) => i.keyword === 'HEALTHCHECK');
      assert.ok(service.healthcheck || inDockerfile, `${name} has no healthcheck`);
      assert.equal(service.restart, 'unless-stopped', name);
    }
  });

  test('starts services after what they need is healthy', () => {
    const needs = Object.fromEntries(Object.entries(config.services).map(([name, s]) => [name, Object.entries(s.depends_on ?? {}).map(([on, d]) => `${on}:${d.condition}`)]));
    assert.deepEqual(needs.backend, ['db:service_healthy', 'redis:service_healthy']);
    assert.deepEqual(needs.frontend, ['backend:service_healthy']);
    assert.deepEqual(needs['postgres-exporter'], ['db:service_healthy']);
    assert.deepEqual(needs.grafana, ['prometheus:service_healthy']);
  });

  test('limits the backend CPU and memory so throttling and memory pressure are real', () => {
    const limits = config.services.backend!.deploy!.resources!.limits!;
    assert.equal(Number(limits.cpus), 1);
    assert.equal(limits.memory, '512M');
  });

  test('mounts every configuration file read-only, and each exists in the repository', () => {
    const raw = composeFile<Compose>();
    for (const [name, service] of Object.entries(raw.services)) {
      for (const volume of service.volumes ?? []) {
        const [source, , mode] = volume.split(':');
        if (!source!.startsWith('./')) continue;
        assert.equal(mode, 'ro', `${name}: ${volume} is writable`);
        assert.ok(existsSync(join(REPO, source!)), `${name}: ${source} does not exist`);
      }
    }
  });

  test('documents every variable it reads in .env.example, which holds no real secret', () => {
    const used = new Set([...readFileSync(COMPOSE, 'utf8').matchAll(/\$\{(\w+)/g)].map((m) => m[1]!));
    const example = EXAMPLE;
    const documented = new Set([...example.matchAll(/^#?\s*(\w+)=/gm)].map((m) => m[1]!));
    assert.deepEqual([...used].filter((v) => !documented.has(v)), []);
    // Empty, not a placeholder: a copied file that nobody edited must be refused.
    for (const secret of SECRETS) assert.match(example, new RegExp(`^${secret}=$`, 'm'));
    assert.match(example, /^SLACK_WEBHOOK_URL=$/m);
  });
});
