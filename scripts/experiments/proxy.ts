// nginx in front of several API processes for the scale-out experiment: one upstream with
// keep-alive connections, round robin, as the Compose `scale` profile's frontend spreads /api/
// over its backends. Started in a temporary folder on a free port; SIGQUIT ends it.

import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@bengkel/testing/server';
import { daemon } from '@bengkel/testing/tools';

export interface Proxy {
  url: string;
  pids(): number[];
  stop(): Promise<void>;
}

export async function startProxy(upstreams: string[]): Promise<Proxy> {
  const dir = mkdtempSync(join(tmpdir(), 'bengkel-proxy-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const servers = upstreams.map((url) => `    server ${new URL(url).host};`).join('\n');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream api {
${servers}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    # nginx closes a client's connection after 1 000 requests by default; the load generator's
    # connections make far more, and a request sent as one closes would count as an error.
    keepalive_requests 1000000;
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  const url = `http://127.0.0.1:${port}`;
  const nginx = await daemon('nginx', ['-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf')], `${url}/api/health`);
  return {
    url,
    pids: () => [nginx.child.pid!],
    async stop() {
      nginx.child.kill('SIGQUIT');
      await nginx.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
