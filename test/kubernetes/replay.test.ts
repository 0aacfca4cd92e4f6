// The autoscaler replay of docs/kubernetes.md: its chart is the replay of the committed recording
// (regenerate with `npm run kubernetes:replay`), it reads only what was recorded, and the HPA in it
// follows the rush up and comes down no sooner than its scale-down window allows.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { REPO } from '@bengkel/testing/tools';
import { join } from 'node:path';
import { capacityPlanBasis, CHART, chart, measured, QUIET_RATE, RECORDING, replay, RUSH_RATE, type Recording } from '../../scripts/kubernetes/replay.ts';

const recording = JSON.parse(readFileSync(RECORDING, 'utf8')) as Recording;

describe('the autoscaler replay', () => {
  test('the recording covers 1 to 4 processes, each under stress, spike and the rate ladder, without errors', () => {
    for (let processes = 1; processes <= 4; processes++) {
      for (const scenario of ['stress', 'spike', 'rate'] as const) {
        const stages = recording.stages.filter((s) => s.processes === processes && s.scenario === scenario);
        assert.ok(stages.length >= 3, `${processes} processes, ${scenario}`);
        for (const stage of stages) {
          assert.equal(stage.cpuPerProcess.length, processes);
          assert.equal(stage.errors, 0, `${processes} processes, ${scenario} ${stage.stage}: no 5xx or failed request`);
        }
      }
    }
  });

  test('the chart in docs/kubernetes/ is the replay of the committed recording', () => {
    const { moments, spec } = replay(recording);
    assert.equal(readFileSync(CHART, 'utf8'), chart(moments, spec.target.type === 'Utilization' ? spec.target.averageUtilization : 0));
  });

  test('at a recorded rate the replay reads exactly what was recorded; between rates it stays between them', () => {
    for (const stage of recording.stages.filter((s) => s.scenario === 'rate')) {
      const at = measured(recording, stage.processes, stage.offeredRate!);
      assert.equal(at.p95Ms, stage.p95Ms);
      assert.equal(at.requestsPerSecond, stage.requestsPerSecond);
      assert.equal(at.cpuPerPod, stage.cpuPerProcess.reduce((a, b) => a + b, 0) / stage.processes);
    }
    const ladder = recording.stages.filter((s) => s.processes === 2 && s.scenario === 'rate').sort((a, b) => a.offeredRate! - b.offeredRate!);
    const [low, high] = [ladder[2]!, ladder[3]!];
    const between = measured(recording, 2, Math.sqrt(low.offeredRate! * high.offeredRate!));
    assert.ok(between.p95Ms >= Math.min(low.p95Ms, high.p95Ms) && between.p95Ms <= Math.max(low.p95Ms, high.p95Ms));
    const { moments } = replay(recording);
    for (const moment of moments) assert.ok(moment.requestsPerSecond <= moment.rate * 1.05 + 1, 'never serves more than was offered');
    assert.deepEqual([...new Set(moments.map((m) => m.rate))].sort((a, b) => a - b), [QUIET_RATE, RUSH_RATE]);
  });

  test('the HPA adds pods for the rush and sheds them no sooner than five minutes after it', () => {
    const { moments } = replay(recording);
    const before = moments.find((m) => m.minute === 4.75)!.replicas;
    const peak = Math.max(...moments.filter((m) => m.minute >= 5 && m.minute < 15.25).map((m) => m.replicas));
    assert.ok(peak > before, `more pods in the rush (${before} → ${peak})`);
    const firstDrop = moments.find((m, i) => m.minute > 15 && i > 0 && m.replicas < moments[i - 1]!.replicas);
    assert.ok(firstDrop, "the rush's pods leave once it is over");
    assert.ok(firstDrop.minute >= 15 + 5, `the first pod leaves at minute ${firstDrop.minute}`);
    assert.equal(moments.at(-1)!.replicas, before, 'back to where it was before the rush');
  });

  test("KEDA's threshold is what a pod served at the CPU autoscaler's target in the recording", () => {
    const scaled = parse(readFileSync(join(REPO, 'deploy/kubernetes/components/autoscaling-keda/scaled-object.yaml'), 'utf8')) as {
      spec: { triggers: Array<{ metadata: { threshold: string } }> };
    };
    const threshold = Number(scaled.spec.triggers[0]!.metadata.threshold);
    const { perPod } = capacityPlanBasis(recording);
    assert.ok(threshold <= perPod && threshold >= 0.8 * perPod, `threshold ${threshold} against ${Math.round(perPod)} per pod`);
  });
});
