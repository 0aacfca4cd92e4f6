// Alertmanager started the way its container starts it: through start.sh, with the committed
// config and the environment choosing the receiver.

import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@bengkel/testing/server';
import { daemon, type Daemon } from '@bengkel/testing/tools';
import { MONITORING } from './paths.ts';

export const ALERTMANAGER_CONFIG = join(MONITORING, 'alertmanager/alertmanager.yml');
const START = join(MONITORING, 'alertmanager/start.sh');

/** Debian names the binary prometheus-alertmanager; the image and start.sh call it alertmanager. */
function pathWithAlertmanager(): string {
  const bin = mkdtempSync(join(tmpdir(), 'bengkel-am-bin-'));
  symlinkSync('/usr/bin/prometheus-alertmanager', join(bin, 'alertmanager'));
  return `${bin}:${process.env.PATH}`;
}

export interface RunningAlertmanager {
  am: Daemon;
  url: string;
  /** Its data folder (AM_DATA_DIR), where start.sh writes the generated config and secret. */
  data: string;
}

export async function startAlertmanager(env: Record<string, string>): Promise<RunningAlertmanager> {
  const data = mkdtempSync(join(tmpdir(), 'bengkel-am-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const am = await daemon('sh', [START, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], `${url}/-/ready`, {
    env: { ...process.env, PATH: pathWithAlertmanager(), AM_CONFIG: ALERTMANAGER_CONFIG, AM_DATA_DIR: data, ...env },
  });
  return { am, url, data };
}
