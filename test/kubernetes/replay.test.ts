// The autoscaler replay of docs/kubernetes.md: its chart is the replay of the committed recording
// (regenerate with `npm run kubernetes:replay`), it reads only what was recorded, and the HPA in it
// follows the rush up and comes down no sooner than its scale-down window allows.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CHART, chart, measured, QUIET_RATE, RECORDING, replay, RUSH_RATE, type Recording } from '../../scripts/kubernetes/replay.ts';

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

  test('each sync reads what that many processes did at that rate; nothing past the recorded processes', () => {
    const { moments, maxRecorded } = replay(recording);
    for (const moment of moments) {
      assert.ok(moment.replicas >= 2 && moment.replicas <= maxRecorded);
      const at = measured(recording, moment.replicas, moment.rate);
      assert.equal(moment.p95Ms, at.p95Ms);
      assert.ok(moment.requestsPerSecond <= moment.rate * 1.05 + 1, 'never serves more than was offered');
    }
    assert.deepEqual([...new Set(moments.map((m) => m.rate))].sort((a, b) => a - b), [QUIET_RATE, RUSH_RATE]);
  });

  test('the HPA adds pods for the rush and sheds them no sooner than five minutes after it', () => {
    const { moments } = replay(recording);
    const before = moments.find((m) => m.minute === 4.75)!.replicas;
    const peak = Math.max(...moments.filter((m) => m.minute >= 5 && m.minute < 15.25).map((m) => m.replicas));
    assert.ok(peak > before, `more pods in the rush (${before} → ${peak})`);
    const firstDrop = moments.find((m, i) => m.minute > 15 && i > 0 && m.replicas < moments[i - 1]!.replicas);
    if (firstDrop) assert.ok(firstDrop.minute >= 15 + 5, `the first pod leaves at minute ${firstDrop.minute}`);
  });
});
