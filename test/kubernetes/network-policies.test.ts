// The network policies, evaluated as Kubernetes evaluates them (a connection is let in when some
// policy selecting the pod has an ingress rule whose peers and ports match it; a pod no policy
// selects takes everything): who may reach what, in each overlay. Compose's workshop-net, carried
// over: the database only from the API and its poolers, Redis only from the API.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { named, OVERLAYS, render, selects, type KubeObject } from '../helpers/kubernetes.ts';

interface Peer {
  name: string;
  namespace: string;
  labels: Record<string, string>;
}

/** Pods that exist in a running Bengkel cluster, ours and the operators'. */
const pods = (objects: KubeObject[]): Peer[] => [
  ...named(objects, 'Deployment').map((d) => ({ name: d.metadata.name, namespace: 'bengkel', labels: d.spec.template.metadata.labels })),
  { name: 'postgresql', namespace: 'bengkel', labels: { 'cnpg.io/cluster': 'bengkel-db', 'cnpg.io/podRole': 'instance', 'cnpg.io/instanceRole': 'primary' } },
  { name: 'postgresql replica', namespace: 'bengkel', labels: { 'cnpg.io/cluster': 'bengkel-db', 'cnpg.io/podRole': 'instance', 'cnpg.io/instanceRole': 'replica' } },
  ...named(objects, 'Pooler').map((p) => ({
    name: p.metadata.name,
    namespace: 'bengkel',
    labels: { 'cnpg.io/cluster': 'bengkel-db', 'cnpg.io/podRole': 'pooler', 'cnpg.io/poolerName': p.metadata.name, ...(p.spec.template?.metadata?.labels ?? {}) },
  })),
];
const OUTSIDE: Peer[] = [
  { name: 'ingress controller', namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
  { name: 'prometheus', namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } },
  { name: 'operator', namespace: 'cnpg-system', labels: { 'app.kubernetes.io/name': 'cloudnative-pg' } },
  { name: 'stranger', namespace: 'default', labels: { app: 'anything' } },
];

function allowed(policies: KubeObject[], from: Peer, to: Peer, port: number): boolean {
  if (to.namespace !== 'bengkel') return true;
  const selecting = policies.filter((p) => p.spec.policyTypes.includes('Ingress') && selects(p.spec.podSelector, to.labels));
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (policy.spec.ingress ?? []).some((rule: { from?: Array<Record<string, any>>; ports?: Array<{ port: number }> }) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const portOk = !rule.ports || rule.ports.some((p) => p.port === port);
      const peerOk =
        !rule.from ||
        rule.from.some((peer) => {
          const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': from.namespace }) : from.namespace === 'bengkel';
          const podOk = peer.podSelector ? selects(peer.podSelector, from.labels) : true;
          return namespaceOk && podOk;
        });
      return portOk && peerOk;
    }),
  );
}

const rendered = new Map<string, KubeObject[]>();
before(async () => {
  for (const overlay of OVERLAYS) rendered.set(overlay, await render(overlay));
});

/** Who may open `port` on the pod named `target`. */
function who(overlay: string, target: string, port: number): string[] {
  const objects = rendered.get(overlay)!;
  const everyone = [...pods(objects), ...OUTSIDE];
  const to = everyone.find((p) => p.name === target);
  assert.ok(to, `${overlay}: a pod ${target}`);
  return everyone.filter((from) => from !== to && allowed(named(objects, 'NetworkPolicy'), from, to, port)).map((p) => p.name).sort();
}

describe('network policies', () => {
  for (const overlay of ['local', 'production']) {
    test(`${overlay}: the database takes connections from the API, its poolers, its own instances and the operator only`, () => {
      // The replica streams from the primary; the primary pings the replicas' status port.
      const expected = ['bengkel-api', 'bengkel-db-pooler-ro', 'bengkel-db-pooler-rw', 'operator', 'postgresql replica', ...(overlay === 'production' ? ['postgres-exporter'] : [])].sort();
      assert.deepEqual(who(overlay, 'postgresql', 5432), expected);
      assert.deepEqual(who(overlay, 'postgresql', 8000), ['operator', 'postgresql replica']);
      assert.deepEqual(who(overlay, 'postgresql replica', 8000), ['operator', 'postgresql']);
      assert.deepEqual(who(overlay, 'postgresql', 9187), ['prometheus']);
    });

    test(`${overlay}: the poolers and Redis take connections from the API only`, () => {
      assert.deepEqual(who(overlay, 'bengkel-db-pooler-rw', 5432), ['bengkel-api']);
      assert.deepEqual(who(overlay, 'bengkel-db-pooler-ro', 5432), ['bengkel-api']);
      assert.deepEqual(who(overlay, 'redis', 6379), ['bengkel-api']);
    });

    test(`${overlay}: the web app and the API take the ingress controller; the API also the web app and monitoring`, () => {
      assert.deepEqual(who(overlay, 'bengkel-web', 8085), ['ingress controller', ...(overlay === 'production' ? ['blackbox-exporter'] : [])].sort());
      assert.deepEqual(who(overlay, 'bengkel-api', 5000), ['bengkel-web', 'ingress controller', 'prometheus', ...(overlay === 'production' ? ['blackbox-exporter'] : [])].sort());
    });

    test(`${overlay}: a pod elsewhere in the cluster reaches nothing`, () => {
      const objects = rendered.get(overlay)!;
      const stranger = OUTSIDE.find((p) => p.name === 'stranger')!;
      for (const to of pods(objects)) for (const port of [5000, 5432, 6379, 8000, 8085, 9115, 9121, 9127, 9187]) assert.equal(allowed(named(objects, 'NetworkPolicy'), stranger, to, port), false, `${to.name}:${port}`);
    });
  }

  test('without the policies (no component) everything would be open: the evaluation is not vacuous', () => {
    const objects = rendered.get('local')!;
    const stranger = OUTSIDE.find((p) => p.name === 'stranger')!;
    const redis = pods(objects).find((p) => p.name === 'redis')!;
    assert.equal(allowed([], stranger, redis, 6379), true);
  });
});
