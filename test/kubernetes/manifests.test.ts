// Every overlay of deploy/kubernetes, rendered as `kubectl kustomize` renders it, is valid for the
// API server (the Kubernetes schemas and the CRDs' own, through kubernetes-models, and no field
// the schemas do not know) and means what we intend: selectors find their pods, probes and ports
// exist in the API and the images, the autoscaler has something to scale, images are pinned,
// the alerts are Compose's, and nothing is published that Compose keeps internal.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { REPO } from '@bengkel/testing/tools';
import { GENERATED, generate } from '../../scripts/kubernetes/generate.ts';
import { KUBERNETES, named, one, OVERLAYS, render, selects, type KubeObject } from '../helpers/kubernetes.ts';

/** Where each kind's model lives: the Kubernetes API's own, and the operators' CRDs. */
const MODELS: Record<string, string> = {
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/Service': 'kubernetes-models/v1/Service',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler': 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
  'networking.k8s.io/v1/Ingress': 'kubernetes-models/networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
  'postgresql.cnpg.io/v1/Cluster': '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster',
  'postgresql.cnpg.io/v1/Pooler': '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Pooler',
  'postgresql.cnpg.io/v1/ScheduledBackup': '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/ScheduledBackup',
  'keda.sh/v1alpha1/ScaledObject': '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject',
  'monitoring.coreos.com/v1/ServiceMonitor': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PodMonitor': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor',
  'monitoring.coreos.com/v1/Probe': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Probe',
  'monitoring.coreos.com/v1/PrometheusRule': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule',
};
/** The built-in API versions we use, every one served by Kubernetes 1.32 (the version we target). */
const SERVED_BY_1_32 = new Set(['v1', 'apps/v1', 'policy/v1', 'autoscaling/v2', 'networking.k8s.io/v1']);

const rendered = new Map<string, KubeObject[]>();
before(async () => {
  for (const overlay of OVERLAYS) rendered.set(overlay, await render(overlay));
});

const typeOf = (object: KubeObject) => `${object.apiVersion}/${object.kind}`;
type Container = { name: string; image?: string; ports?: Array<{ name?: string; containerPort: number }>; [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
const podSpecs = (objects: KubeObject[]) => named(objects, 'Deployment').map((deployment) => ({ deployment, pod: deployment.spec.template }));
const envOf = (container: Container) => Object.fromEntries((container.env ?? []).filter((e: { value?: string }) => e.value !== undefined).map((e: { name: string; value: string }) => [e.name, e.value]));

describe('every overlay renders and validates', () => {
  test('there is a local and a production overlay, each with a Deployment of the API', () => {
    assert.deepEqual(OVERLAYS, ['local', 'production']);
    for (const overlay of OVERLAYS) one(rendered.get(overlay)!, 'Deployment', 'bengkel-api');
  });

  test('every object validates against its schema (Kubernetes, CloudNativePG, KEDA, Prometheus Operator)', async () => {
    for (const [overlay, objects] of rendered) {
      for (const object of objects) {
        const where = `${overlay}: ${object.kind} ${object.metadata.name}`;
        const module = MODELS[typeOf(object)];
        assert.ok(module, `${where}: no schema for ${typeOf(object)}`);
        if (!object.apiVersion.includes('.') || object.apiVersion.includes('k8s.io')) assert.ok(SERVED_BY_1_32.has(object.apiVersion), `${where}: ${object.apiVersion} not served by 1.32`);
        const { [object.kind]: Kind } = (await import(module)) as Record<string, new (data: unknown) => { validate(): void }>;
        assert.ok(Kind, where);
        assert.doesNotThrow(() => new Kind!(object).validate(), where);
        assert.equal(object.metadata.namespace ?? 'bengkel', 'bengkel', `${where}: in the bengkel namespace`);
      }
    }
  });

  test('no object carries a field its schema does not know (TypeScript checks each one against its model type)', async () => {
    // Object literals assigned to the models' interfaces: an unknown field is an excess-property
    // error, as the API server's strict field validation refuses it.
    const dir = join(REPO, 'node_modules', '.cache', `bengkel-kubernetes-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const lines: string[] = [];
      const imports = new Map<string, string>();
      for (const [overlay, objects] of rendered) {
        objects.forEach((object, i) => {
          const module = MODELS[typeOf(object)]!;
          const alias = `I${object.kind}_${imports.size}`;
          if (!imports.has(module)) imports.set(module, alias);
          lines.push(`// ${overlay}: ${object.kind} ${object.metadata.name}\nexport const o_${overlay}_${i}: ${imports.get(module)} = ${JSON.stringify(object, null, 1)};`);
        });
      }
      const header = [...imports].map(([module, alias]) => `import type { I${module.split('/').at(-1)} as ${alias} } from '${module}';`);
      writeFileSync(join(dir, 'objects.ts'), `${header.join('\n')}\n${lines.join('\n')}\n`);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] }, files: ['objects.ts'] }),
      );
      const tsc = join(REPO, 'node_modules', '.bin', 'tsc');
      const result = await promisify(execFile)(tsc, ['-p', join(dir, 'tsconfig.json')]).then(
        () => '',
        (error: { stdout: string }) => error.stdout,
      );
      assert.equal(result, '', 'fields the schemas do not know');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the monitoring component is generated from monitoring/ and up to date (npm run kubernetes:generate)', () => {
    for (const [path, content] of generate()) assert.equal(readFileSync(join(GENERATED, path), 'utf8'), content, `generated/${path} is stale`);
  });

  test('the secrets come from files git never commits, and no manifest holds a password', async () => {
    const { execFileSync } = await import('node:child_process');
    for (const overlay of OVERLAYS) {
      const kustomization = parse(readFileSync(join(KUBERNETES, 'overlays', overlay, 'kustomization.yaml'), 'utf8')) as { secretGenerator: Array<{ envs: string[] }> };
      for (const file of kustomization.secretGenerator.flatMap((generator) => generator.envs)) {
        const path = join('deploy/kubernetes/overlays', overlay, file);
        assert.doesNotThrow(() => execFileSync('git', ['check-ignore', '-q', path], { cwd: REPO }), `${path} is ignored by git`);
        readFileSync(join(REPO, `${path}.example`), 'utf8');
      }
      for (const object of rendered.get(overlay)!) {
        if (object.kind === 'Secret') continue;
        assert.doesNotMatch(JSON.stringify(object), /test0123456789/, `${overlay}: ${object.kind} ${object.metadata.name} holds a secret's value`);
      }
    }
  });
});

describe('what the manifests mean', () => {
  test('each Deployment selects its own pods, and each Service and PodDisruptionBudget finds pods and their named ports', () => {
    for (const [overlay, objects] of rendered) {
      const pods = podSpecs(objects);
      for (const { deployment, pod } of pods) assert.ok(selects(deployment.spec.selector, pod.metadata.labels), `${overlay}: ${deployment.metadata.name} selects its pods`);
      for (const service of named(objects, 'Service')) {
        const targets = pods.filter(({ pod }) => selects({ matchLabels: service.spec.selector }, pod.metadata.labels));
        assert.equal(targets.length, 1, `${overlay}: Service ${service.metadata.name} finds one Deployment's pods`);
        const ports = targets[0]!.pod.spec.containers.flatMap((c: Container) => c.ports ?? []);
        for (const port of service.spec.ports) {
          assert.ok(
            ports.some((p: { name?: string; containerPort: number }) => p.name === port.targetPort || p.containerPort === port.targetPort),
            `${overlay}: Service ${service.metadata.name} port ${port.targetPort}`,
          );
        }
      }
      for (const budget of named(objects, 'PodDisruptionBudget')) {
        assert.ok(pods.some(({ pod }) => selects(budget.spec.selector, pod.metadata.labels)), `${overlay}: PDB ${budget.metadata.name}`);
      }
    }
  });

  test("the API's probes are its health and readiness paths on its own port, with the database only in readiness", async () => {
    const { buildApp } = await import('../../api/src/app.ts');
    const { loadConfig } = await import('../../api/src/config.ts');
    const dataDir = mkdtempSync(join(REPO, 'node_modules', '.cache', 'bengkel-probe-'));
    const app = await buildApp({ config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), logger: false });
    try {
      const dockerfile = readFileSync(join(REPO, 'api/Dockerfile'), 'utf8');
      const port = Number(/PORT=(\d+)/.exec(dockerfile)?.[1]);
      assert.match(dockerfile, new RegExp(`EXPOSE ${port}`));
      for (const [overlay, objects] of rendered) {
        const api = one(objects, 'Deployment', 'bengkel-api').spec.template.spec.containers[0] as Container;
        assert.deepEqual(api.ports, [{ name: 'http', containerPort: port }], overlay);
        assert.equal(api.readinessProbe.httpGet.path, '/api/ready');
        assert.equal(api.livenessProbe.httpGet.path, '/api/health');
        assert.equal(api.startupProbe.httpGet.path, '/api/health');
        for (const probe of [api.readinessProbe, api.livenessProbe, api.startupProbe]) {
          assert.equal(probe.httpGet.port, 'http');
          assert.equal((await app.inject({ method: 'GET', url: probe.httpGet.path })).statusCode, 200, `${probe.httpGet.path} answers 200`);
        }
        const web = one(objects, 'Deployment', 'bengkel-web').spec.template.spec.containers[0] as Container;
        const webPort = Number(/WEB_PORT=(\d+)/.exec(readFileSync(join(REPO, 'web/Dockerfile'), 'utf8'))?.[1]);
        assert.equal(web.ports![0]!.containerPort, webPort, `${overlay}: the web image listens on ${webPort}`);
      }
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a stopping API pod gets its preStop pause and the whole SHUTDOWN_TIMEOUT_MS before it is killed', () => {
    for (const [overlay, objects] of rendered) {
      const pod = one(objects, 'Deployment', 'bengkel-api').spec.template.spec;
      const settings = one(objects, 'ConfigMap', named(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('bengkel-api'))!.metadata.name).data!;
      const pause = Number(pod.containers[0].lifecycle.preStop.exec.command[1]);
      assert.ok(pause >= 2, 'endpoints have time to drop the pod');
      assert.ok(pod.terminationGracePeriodSeconds >= pause + Number(settings.SHUTDOWN_TIMEOUT_MS) / 1000 + 2, `${overlay}: grace ${pod.terminationGracePeriodSeconds} s`);
    }
  });

  test('the API is configured with settings it knows, and its database, pooler and Redis addresses exist', () => {
    const known = new Set([...readFileSync(join(REPO, '.env.example'), 'utf8').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    for (const [overlay, objects] of rendered) {
      const settings = named(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('bengkel-api'))!.data!;
      for (const key of Object.keys(settings)) assert.ok(known.has(key), `${overlay}: ${key} is an API setting`);
      const api = one(objects, 'Deployment', 'bengkel-api').spec.template.spec.containers[0] as Container;
      const env = envOf(api);
      for (const key of Object.keys(env)) assert.ok(known.has(key) || key.startsWith('DB_'), `${overlay}: ${key}`);
      const cluster = one(objects, 'Cluster', 'bengkel-db');
      const hosts = new Set([...named(objects, 'Pooler').map((p) => p.metadata.name), `${cluster.metadata.name}-rw`, `${cluster.metadata.name}-ro`]);
      const host = (url: string) => new URL(url.replace(/\$\(\w+\)/g, 'x')).hostname;
      assert.ok(hosts.has(host(env.DATABASE_URL)), `${overlay}: DATABASE_URL → ${host(env.DATABASE_URL)}`);
      assert.ok(hosts.has(host(env.DATABASE_DIRECT_URL)), `${overlay}: DATABASE_DIRECT_URL`);
      for (const url of env.DATABASE_REPLICA_URLS.split(',')) assert.ok(hosts.has(host(url)), `${overlay}: DATABASE_REPLICA_URLS`);
      assert.equal(one(objects, 'Pooler', host(env.DATABASE_URL)).spec.type, 'rw', 'writes go through the write pooler');
      assert.equal(one(objects, 'Pooler', host(env.DATABASE_REPLICA_URLS)).spec.type, 'ro', 'reads through the read pooler');
      assert.equal(host(env.DATABASE_DIRECT_URL), `${cluster.metadata.name}-rw`, 'migrations straight to the primary (a session lock)');
      for (const pooler of named(objects, 'Pooler')) assert.equal(pooler.spec.pgbouncer.poolMode, 'transaction');
      assert.equal(cluster.spec.instances, 3, `${overlay}: a primary and two replicas`);
      const redis = new URL(settings.REDIS_URL!);
      assert.equal(one(objects, 'Service', redis.hostname).spec.ports[0].port, Number(redis.port));
      // Named statements need PgBouncer's max_prepared_statements.
      if (settings.DB_NAMED_STATEMENTS === 'true') for (const pooler of named(objects, 'Pooler')) assert.ok(Number(pooler.spec.pgbouncer.parameters.max_prepared_statements) > 0);
    }
  });

  test('exactly one autoscaler per overlay owns the API, with CPU requests to measure against and no fixed replica count', () => {
    for (const [overlay, objects] of rendered) {
      const hpas = named(objects, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef);
      const scaled = named(objects, 'ScaledObject').map((s) => s.spec.scaleTargetRef);
      const targets = [...hpas, ...scaled];
      assert.equal(targets.length, 1, `${overlay}: one autoscaler (an HPA or a KEDA ScaledObject, never both)`);
      const target = targets[0]!;
      assert.equal(target.kind, 'Deployment');
      const deployment = one(objects, 'Deployment', target.name);
      assert.equal(deployment.spec.replicas, undefined, `${overlay}: the autoscaler owns the replica count`);
      for (const container of deployment.spec.template.spec.containers) assert.ok(container.resources.requests.cpu, `${overlay}: ${container.name} requests CPU`);
      for (const hpa of named(objects, 'HorizontalPodAutoscaler')) {
        assert.ok(hpa.spec.minReplicas >= 2 && hpa.spec.minReplicas <= hpa.spec.maxReplicas);
        assert.ok(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds >= 60, 'scale-down is stabilised');
      }
      for (const object of named(objects, 'ScaledObject')) {
        assert.ok(object.spec.minReplicaCount >= 2 && object.spec.minReplicaCount <= object.spec.maxReplicaCount);
        assert.match(object.spec.triggers[0].metadata.query, /http_requests_total\{[^}]*job="backend"/, 'the API metric as Prometheus labels it');
      }
    }
  });

  test('every image is pinned to a version (no :latest, no untagged image)', () => {
    for (const [overlay, objects] of rendered) {
      const images = [
        ...podSpecs(objects).flatMap(({ pod }) => pod.spec.containers.map((c: Container) => c.image)),
        ...named(objects, 'Cluster').map((c) => c.spec.imageName),
        ...named(objects, 'Pooler').flatMap((p) => (p.spec.template?.spec?.containers ?? []).map((c: Container) => c.image).filter(Boolean)),
      ];
      assert.ok(images.length >= 4);
      for (const image of images) assert.match(image, /^[^:@]+(:[\w][\w.-]*(@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})$/, `${overlay}: ${image}`);
      for (const image of images) assert.doesNotMatch(image, /:latest$/, `${overlay}: ${image}`);
    }
  });

  test('every container runs as non-root without privilege escalation or capabilities; the API and Redis on read-only filesystems', () => {
    for (const [overlay, objects] of rendered) {
      for (const { deployment, pod } of podSpecs(objects)) {
        assert.equal(pod.spec.securityContext.runAsNonRoot, true, `${overlay}: ${deployment.metadata.name}`);
        assert.equal(pod.spec.securityContext.seccompProfile.type, 'RuntimeDefault');
        assert.equal(pod.spec.automountServiceAccountToken, false, `${overlay}: ${deployment.metadata.name} needs no API token`);
        for (const container of pod.spec.containers as Container[]) {
          assert.equal(container.securityContext.allowPrivilegeEscalation, false, `${overlay}: ${container.name}`);
          // Nothing a container sets may undo the pod's restricted settings.
          assert.notEqual(container.securityContext.runAsUser, 0, `${overlay}: ${container.name}`);
          assert.notEqual(container.securityContext.runAsNonRoot, false, `${overlay}: ${container.name}`);
          assert.ok(!container.securityContext.privileged, `${overlay}: ${container.name}`);
          assert.notEqual(container.securityContext.seccompProfile?.type, 'Unconfined', `${overlay}: ${container.name}`);
          assert.ok(!container.securityContext.capabilities.add?.length, `${overlay}: ${container.name} adds no capability`);
          assert.deepEqual(container.securityContext.capabilities.drop, ['ALL']);
          assert.ok(container.resources?.limits?.memory, `${overlay}: ${container.name} has a memory limit`);
          if (['api', 'redis'].includes(container.name)) assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        }
        assert.ok(!pod.spec.hostNetwork && !pod.spec.hostPID, `${overlay}: ${deployment.metadata.name}`);
      }
    }
  });

  test('nothing is published that Compose keeps internal: one Ingress to the web app and /api/, every Service inside the cluster', () => {
    for (const [overlay, objects] of rendered) {
      for (const service of named(objects, 'Service')) assert.ok([undefined, 'ClusterIP'].includes(service.spec.type), `${overlay}: Service ${service.metadata.name} is ClusterIP`);
      for (const { pod } of podSpecs(objects)) for (const container of pod.spec.containers as Container[]) for (const port of container.ports ?? []) assert.equal((port as { hostPort?: number }).hostPort, undefined);
      const ingresses = named(objects, 'Ingress');
      assert.equal(ingresses.length, 1);
      const routes = ingresses[0]!.spec.rules.flatMap((rule: { http: { paths: Array<{ path: string; backend: { service: { name: string } } }> } }) =>
        rule.http.paths.map((p) => `${p.path} → ${p.backend.service.name}`),
      );
      assert.deepEqual(routes.sort(), ['/ → bengkel-web', '/api/ → bengkel-api']);
    }
  });

  test("the PrometheusRules hold Compose's alerts and recording rules, a rule per file, each group name once in its rule", () => {
    for (const file of ['alerts', 'recording']) {
      const compose = (parse(readFileSync(join(REPO, 'monitoring/prometheus/rules', `${file}.yml`), 'utf8')) as { groups: Array<{ name: string }> }).groups;
      const rule = one(rendered.get('production')!, 'PrometheusRule', `bengkel-${file}`);
      assert.deepEqual(rule.spec.groups, compose);
      // Prometheus (and the operator's admission webhook) refuse a group name repeated in one rule file.
      const names = rule.spec.groups.map((group: { name: string }) => group.name);
      assert.equal(new Set(names).size, names.length, `bengkel-${file}: group names are unique`);
    }
    assert.equal(named(rendered.get('production')!, 'PrometheusRule').length, 2);
    const alerts = one(rendered.get('production')!, 'PrometheusRule', 'bengkel-alerts').spec.groups.flatMap((g: { rules: Array<{ alert?: string }> }) => g.rules.map((r) => r.alert));
    assert.ok(alerts.includes('PgBouncerDown') && alerts.includes('BackendDown'));
    for (const name of new Set<string>(alerts)) readFileSync(join(REPO, 'docs/runbooks', `${name}.md`), 'utf8');
  });

  test('Prometheus scrapes the API, the poolers, PostgreSQL and Redis, with the job names the rules use', () => {
    const objects = rendered.get('production')!;
    const pods = podSpecs(objects);
    const api = one(objects, 'ServiceMonitor', 'bengkel-api');
    assert.ok(selects(api.spec.selector, one(objects, 'Service', 'bengkel-api').metadata.labels!));
    assert.deepEqual(api.spec.endpoints[0].relabelings, [{ targetLabel: 'job', replacement: 'backend' }]);
    assert.equal(api.spec.endpoints[0].path, '/metrics');
    // The API's METRICS_TOKEN and the token Prometheus sends: one key of one generated Secret.
    const apiContainer = one(objects, 'Deployment', 'bengkel-api').spec.template.spec.containers[0];
    const tokenRef = apiContainer.env.find((e: { name: string }) => e.name === 'METRICS_TOKEN').valueFrom.secretKeyRef;
    assert.equal(api.spec.endpoints[0].authorization.type, 'Bearer');
    assert.deepEqual(api.spec.endpoints[0].authorization.credentials, tokenRef);
    assert.match(tokenRef.name, /^bengkel-metrics-[a-z0-9]+$/, 'the generated name, with its content hash');
    assert.ok(one(objects, 'Secret', tokenRef.name).data![tokenRef.key], 'the Secret holds the token');
    const monitors = named(objects, 'PodMonitor').map((m) => m.spec.selector.matchLabels);
    assert.deepEqual(monitors.find((m) => m['cnpg.io/podRole'] === 'instance'), { 'cnpg.io/cluster': 'bengkel-db', 'cnpg.io/podRole': 'instance' });
    assert.deepEqual(monitors.find((m) => m['cnpg.io/podRole'] === 'pooler'), { 'cnpg.io/cluster': 'bengkel-db', 'cnpg.io/podRole': 'pooler' });
    const redis = pods.find(({ deployment }) => deployment.metadata.name === 'redis')!;
    assert.ok(redis.pod.spec.containers.some((c: Container) => c.ports?.some((p) => p.name === 'metrics')), 'redis_exporter beside Redis');
    const redisMonitor = one(objects, 'PodMonitor', 'redis');
    const redisPorts = redis.pod.spec.containers.flatMap((c: Container) => (c.ports ?? []).map((p) => p.name));
    assert.ok(redisPorts.includes(redisMonitor.spec.podMetricsEndpoints[0].port), 'the Redis PodMonitor names a port of the pod');
    // CloudNativePG names its exporters' ports `metrics` on instances (9187) and poolers (9127).
    for (const name of ['bengkel-db', 'bengkel-db-poolers']) assert.equal(one(objects, 'PodMonitor', name).spec.podMetricsEndpoints[0].port, 'metrics');
    const probes = named(objects, 'Probe');
    assert.deepEqual(probes.map((p) => p.spec.jobName).sort(), ['probe-backend-ready', 'probe-frontend']);
    for (const probe of probes) {
      // Prometheus runs in its own namespace: the prober must be named in full.
      const [host, port] = probe.spec.prober.url.split(':');
      const [service, namespace, svc] = host.split('.');
      assert.deepEqual([namespace, svc], ['bengkel', 'svc'], `${probe.metadata.name}: ${probe.spec.prober.url}`);
      assert.ok(one(objects, 'Service', service).spec.ports.some((p: { port: number }) => p.port === Number(port)));
      for (const target of probe.spec.targets.staticConfig.static) {
        const url = new URL(target);
        assert.ok(one(objects, 'Service', url.hostname).spec.ports.some((p: { port: number }) => p.port === Number(url.port)), target);
      }
    }
    const dashboards = named(objects, 'ConfigMap').find((c) => c.metadata.labels?.grafana_dashboard === '1')!;
    assert.deepEqual(Object.keys(dashboards.data!).sort(), ['bengkel-host.json', 'bengkel-service-health.json', 'bengkel-workshop.json']);
  });
});
