import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort } from '@bengkel/testing/server';
import { eventually, run } from '@bengkel/testing/tools';
import { ALERTMANAGER_CONFIG, startAlertmanager, type RunningAlertmanager } from './helpers/alertmanager.ts';

const alert = (alertname: string, severity: string) => ({
  labels: { alertname, severity, job: 'backend', instance: 'backend:5000' },
  annotations: { summary: `${alertname} summary`, description: `${alertname} description`, runbook_url: `docs/runbooks/${alertname}.md` },
  startsAt: new Date().toISOString(),
});

async function post(url: string, alerts: unknown[]) {
  const response = await fetch(`${url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
  assert.equal(response.status, 200, await response.text());
}

describe('Alertmanager configuration', () => {
  test('the committed configuration passes amtool check-config', async () => {
    const result = await run('amtool', ['check-config', ALERTMANAGER_CONFIG]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  test('without SLACK_WEBHOOK_URL every alert goes to the log-only receiver', async () => {
    for (const severity of ['warning', 'critical']) {
      const result = await run('amtool', ['config', 'routes', 'test', `--config.file=${ALERTMANAGER_CONFIG}`, 'alertname=BackendDown', `severity=${severity}`]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim(), 'log-only');
    }
  });
});

describe('Alertmanager with a Slack webhook from the environment', () => {
  let slack: Server;
  const received: Array<{ text?: string; attachments?: Array<{ title?: string; text?: string }> }> = [];
  let started: RunningAlertmanager;

  before(async () => {
    const port = await freePort();
    slack = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => slack.listen(port, '127.0.0.1', resolve));
    started = await startAlertmanager({ SLACK_WEBHOOK_URL: `http://127.0.0.1:${port}/services/T000/B000/secret` });
  });
  after(async () => {
    await started?.am.stop();
    slack?.close();
  });

  test('start.sh keeps the webhook URL out of the config, in a file only its owner reads', async () => {
    const generated = join(started.data, 'alertmanager.yml');
    assert.doesNotMatch(readFileSync(generated, 'utf8'), /secret/);
    assert.equal(statSync(join(started.data, 'slack-webhook-url')).mode & 0o777, 0o600);
    const check = await run('amtool', ['check-config', generated]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const route = await run('amtool', ['config', 'routes', 'test', `--config.file=${generated}`, 'alertname=BackendDown', 'severity=critical']);
    assert.equal(route.stdout.trim(), 'slack');
  });

  test('a firing alert reaches Slack with its summary, description and runbook', async () => {
    await post(started.url, [alert('BackendDown', 'critical')]);
    const message = await eventually('the Slack message', async () => received.find((m) => m.attachments?.[0]?.title?.includes('BackendDown')), 30_000);
    const attachment = message.attachments![0]!;
    assert.equal(attachment.title, '[FIRING] BackendDown (critical)');
    assert.match(attachment.text!, /\*BackendDown summary\*\nBackendDown description\nRunbook: docs\/runbooks\/BackendDown\.md/);
  });

  test('BackendDown silences the alerts it explains, and a critical alert its warning twin', async () => {
    await post(started.url, [alert('BackendDown', 'critical'), alert('BackendNotReady', 'critical'), alert('DiskSpaceLow', 'critical'), alert('DiskSpaceLow', 'warning')]);
    const states = await eventually('inhibition', async () => {
      const alerts = (await (await fetch(`${started.url}/api/v2/alerts`)).json()) as Array<{ labels: Record<string, string>; status: { state: string } }>;
      const state = (name: string, severity: string) => alerts.find((a) => a.labels.alertname === name && a.labels.severity === severity)?.status.state;
      const found = { notReady: state('BackendNotReady', 'critical'), diskWarning: state('DiskSpaceLow', 'warning'), diskCritical: state('DiskSpaceLow', 'critical') };
      return found.notReady === 'suppressed' && found.diskWarning === 'suppressed' ? found : undefined;
    });
    assert.deepEqual(states, { notReady: 'suppressed', diskWarning: 'suppressed', diskCritical: 'active' });
  });
});
