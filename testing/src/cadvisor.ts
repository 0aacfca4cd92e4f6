// A stand-in for cAdvisor, which cannot run here (no Docker engine; not in Debian). It runs the
// API in real cgroup-v1 groups with a CPU quota, so the kernel really throttles it, and exposes
// what those groups and /proc report under cAdvisor's metric names and labels — the per-container
// figures the dashboards and alerts read. A second series without the Compose label stands for
// the host's other containers, which prometheus.yml's relabelling must drop.

import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

const CGROUPS = '/sys/fs/cgroup';

export interface ContainerGroup {
  /** Moves a process (all its threads) into the group. */
  add(pid: number): void;
  /** cAdvisor-format metrics for the group's process, labelled as Compose's `backend`. */
  metrics(pid: number): string;
  remove(): void;
}

/** cpu + cpuacct groups named `name`, limited to `cpus` CPUs (CFS quota over a 100 ms period). */
export function containerGroup(name: string, cpus: number): ContainerGroup {
  const cpu = join(CGROUPS, 'cpu', name);
  const cpuacct = join(CGROUPS, 'cpuacct', name);
  for (const dir of [cpu, cpuacct]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(cpu, 'cpu.cfs_period_us'), '100000');
  writeFileSync(join(cpu, 'cpu.cfs_quota_us'), String(Math.round(cpus * 100_000)));

  return {
    add(pid) {
      writeFileSync(join(cpu, 'cgroup.procs'), String(pid));
      writeFileSync(join(cpuacct, 'cgroup.procs'), String(pid));
    },
    metrics(pid) {
      const stat = Object.fromEntries(
        readFileSync(join(cpu, 'cpu.stat'), 'utf8').trim().split('\n').map((line) => line.split(' ') as [string, string]),
      );
      const usage = Number(readFileSync(join(cpuacct, 'cpuacct.usage'), 'utf8')) / 1e9;
      const rss = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
      const network = readFileSync(`/proc/${pid}/net/dev`, 'utf8').split('\n').slice(2).filter((l) => l.includes(':') && !l.trim().startsWith('lo:'));
      const column = (index: number) => network.reduce((sum, line) => sum + Number(line.split(':')[1]!.trim().split(/\s+/)[index]), 0);
      const backend = `id="/${name}",name="bengkel-backend-1",image="bengkel/api:local",container_label_com_docker_compose_service="backend"`;
      const other = 'id="/",name="",image=""';
      const series: Array<[string, string, string, number]> = [
        ['container_cpu_usage_seconds_total', 'counter', backend, usage],
        ['container_cpu_usage_seconds_total', 'counter', other, usage * 3],
        ['container_cpu_cfs_periods_total', 'counter', backend, Number(stat.nr_periods)],
        ['container_cpu_cfs_throttled_periods_total', 'counter', backend, Number(stat.nr_throttled)],
        ['container_cpu_cfs_throttled_seconds_total', 'counter', backend, Number(stat.throttled_time) / 1e9],
        ['container_memory_working_set_bytes', 'gauge', backend, rss],
        ['container_network_receive_bytes_total', 'counter', `${backend},interface="eth0"`, column(0)],
        ['container_network_transmit_bytes_total', 'counter', `${backend},interface="eth0"`, column(8)],
      ];
      const typed = new Set<string>();
      return series
        .map(([metric, type, labels, value]) => {
          const head = typed.has(metric) ? '' : `# HELP ${metric} ${metric} (stand-in)\n# TYPE ${metric} ${type}\n`;
          typed.add(metric);
          return `${head}${metric}{${labels}} ${value}\n`;
        })
        .join('');
    },
    remove() {
      for (const dir of [cpu, cpuacct]) {
        // A group can only go once its processes have left (they have exited by now).
        for (let attempt = 0; attempt < 20; attempt++) {
          try {
            rmdirSync(dir);
            break;
          } catch {
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
          }
        }
      }
    },
  };
}

/** Serves `metrics()` at /metrics on 127.0.0.1:port. */
export async function serveMetrics(port: number, metrics: () => string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/metrics') {
      response.setHeader('content-type', 'text/plain; version=0.0.4');
      response.end(metrics());
    } else if (request.url === '/healthz') {
      response.end('ok');
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
