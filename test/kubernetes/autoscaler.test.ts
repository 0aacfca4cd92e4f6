// The HPA algorithm module (scripts/kubernetes/autoscaler.ts) against the cases the Kubernetes
// documentation and the upstream controller's tests describe: the ratio rule and its tolerance,
// the policies' limits per period, the stabilisation windows, bounds and disabled directions.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { REPO } from '@bengkel/testing/tools';
import { Autoscaler, type AutoscalerSpec } from '../../scripts/kubernetes/autoscaler.ts';

const cpu = (target: number, extra: Partial<AutoscalerSpec> = {}): AutoscalerSpec => ({
  minReplicas: 1,
  maxReplicas: 100,
  target: { type: 'Utilization', averageUtilization: target },
  ...extra,
});

describe('the metric proposal', () => {
  test('desired = ceil(current × metric / target): twice the target doubles, half halves (the documented example)', () => {
    const hpa = new Autoscaler(cpu(50));
    assert.equal(hpa.proposal(3, { utilization: 100 }), 6);
    assert.equal(hpa.proposal(6, { utilization: 25 }), 3);
    assert.equal(hpa.proposal(4, { utilization: 90 }), 8); // ceil(1.8 × 4) = 8
    assert.equal(hpa.proposal(3, { utilization: 70 }), 5); // ceil(1.4 × 3) = 4.2 → 5
  });

  test('utilization counts in whole percent, as the controller computes it', () => {
    // 90.4 % of a 60 % target: int32(90.4) = 90, ratio 1.5, 2 pods → 3 (4 with the fraction kept).
    assert.equal(new Autoscaler(cpu(60)).proposal(2, { utilization: 90.4 }), 3);
  });

  test('within the 10 % tolerance nothing changes; just outside it, it does', () => {
    const hpa = new Autoscaler(cpu(60));
    assert.equal(hpa.proposal(4, { utilization: 65 }), 4);
    assert.equal(hpa.proposal(4, { utilization: 54 }), 4);
    assert.equal(hpa.proposal(4, { utilization: 67 }), 5);
    assert.equal(hpa.proposal(10, { utilization: 53 }), 9);
    assert.equal(new Autoscaler({ ...cpu(60), tolerance: 0 }).proposal(4, { utilization: 61 }), 5);
  });

  test('an average-value target (KEDA requests per second per pod): desired = ceil(total / target)', () => {
    const hpa = new Autoscaler({ minReplicas: 1, maxReplicas: 20, target: { type: 'AverageValue', averageValue: 600 } });
    assert.equal(hpa.proposal(2, { total: 1300 }), 2); // 1 300 / 1 200 = 1.08: within tolerance
    assert.equal(hpa.proposal(2, { total: 2000 }), 4);
    assert.equal(hpa.proposal(5, { total: 900 }), 2);
    assert.throws(() => hpa.proposal(2, { utilization: 50 }));
  });
});

describe('one sync after another', () => {
  test('scale-up is limited per period by the larger of 100 % and 4 pods (the defaults), then by maxReplicas', () => {
    const hpa = new Autoscaler(cpu(50, { maxReplicas: 10 }));
    assert.equal(hpa.sync(0, 1, { utilization: 1000 }), 5); // max(ceil(1 × 2), 1 + 4)
    assert.equal(hpa.sync(15, 5, { utilization: 1000 }), 10); // a new period: max(10, 9), then maxReplicas
    const slow = new Autoscaler(cpu(50, { behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } }));
    assert.equal(slow.sync(0, 2, { utilization: 200 }), 3);
    assert.equal(slow.sync(15, 3, { utilization: 200 }), 3, 'one pod per minute: the period started at 2');
    assert.equal(slow.sync(61, 3, { utilization: 200 }), 4);
  });

  test('Min as selectPolicy takes the smaller change', () => {
    const hpa = new Autoscaler(cpu(50, { behavior: { scaleUp: { selectPolicy: 'Min' } } }));
    assert.equal(hpa.sync(0, 10, { utilization: 500 }), 14); // min(20, 10 + 4)
  });

  test('scale-down waits for the stabilisation window: the highest proposal of the last 300 s holds', () => {
    const hpa = new Autoscaler(cpu(50, { minReplicas: 2 }));
    assert.equal(hpa.sync(0, 8, { utilization: 50 }), 8);
    assert.equal(hpa.sync(15, 8, { utilization: 10 }), 8, 'a dip sheds nothing at once');
    assert.equal(hpa.sync(150, 8, { utilization: 10 }), 8);
    assert.equal(hpa.sync(299, 8, { utilization: 10 }), 8);
    assert.equal(hpa.sync(300, 8, { utilization: 10 }), 2, 'the 8 of t=0 has left the window');
  });

  test('scale-down by at most half a minute (Percent 50 per 60 s), counted from the start of the period', () => {
    const rules = { stabilizationWindowSeconds: 0, selectPolicy: 'Max' as const, policies: [{ type: 'Percent' as const, value: 50, periodSeconds: 60 }] };
    const hpa = new Autoscaler(cpu(60, { minReplicas: 2, behavior: { scaleDown: rules } }));
    assert.equal(hpa.sync(0, 10, { utilization: 6 }), 5);
    assert.equal(hpa.sync(15, 5, { utilization: 6 }), 5, 'the period began at 10: 5 is already its limit');
    assert.equal(hpa.sync(61, 5, { utilization: 6 }), 2, 'trunc(5 × 0.5) = 2, and minReplicas');
  });

  test('a disabled direction never moves; bounds are restored first', () => {
    const hpa = new Autoscaler(cpu(50, { minReplicas: 2, maxReplicas: 6, behavior: { scaleDown: { selectPolicy: 'Disabled', stabilizationWindowSeconds: 0 } } }));
    assert.equal(hpa.sync(0, 5, { utilization: 5 }), 5);
    assert.equal(hpa.sync(15, 1, { utilization: 500 }), 2, 'below minReplicas: minReplicas');
    assert.equal(hpa.sync(30, 9, { utilization: 5 }), 6, 'above maxReplicas: maxReplicas');
  });

  test('scale-up stabilisation takes the lowest proposal of its window', () => {
    const hpa = new Autoscaler(cpu(50, { behavior: { scaleUp: { stabilizationWindowSeconds: 60 } } }));
    assert.equal(hpa.sync(0, 4, { utilization: 50 }), 4);
    assert.equal(hpa.sync(15, 4, { utilization: 100 }), 4, 'a spike within a minute of a calm proposal waits');
    assert.equal(hpa.sync(61, 4, { utilization: 100 }), 8);
  });
});

test("the manifests' HPA, read from the component, behaves as docs/kubernetes.md says", () => {
  const hpa = parse(readFileSync(join(REPO, 'deploy/kubernetes/components/autoscaling-cpu/hpa.yaml'), 'utf8')) as {
    spec: { minReplicas: number; maxReplicas: number; metrics: Array<{ resource: { target: { averageUtilization: number } } }>; behavior: AutoscalerSpec['behavior'] };
  };
  const autoscaler = new Autoscaler({
    minReplicas: hpa.spec.minReplicas,
    maxReplicas: hpa.spec.maxReplicas,
    target: { type: 'Utilization', averageUtilization: hpa.spec.metrics[0]!.resource.target.averageUtilization },
    behavior: hpa.spec.behavior,
  });
  // A rush at twice the target from the minimum: doubled or +4 within one sync, 2 → 6.
  assert.equal(autoscaler.sync(0, 2, { utilization: 180 }), 6);
  // Quiet again: nothing leaves for five minutes, then at most half per minute.
  assert.equal(autoscaler.sync(15, 6, { utilization: 10 }), 6);
  assert.equal(autoscaler.sync(315, 6, { utilization: 10 }), 3);
});
