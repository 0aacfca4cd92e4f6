// "Bengkel — host": the machine under the containers, from node-exporter — CPU, load, memory,
// disks and network. The service-health dashboard links here.

import { RowBuilder, type DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, GREEN, LINK, RED, timeSeries, YELLOW } from './panels.ts';

const RATE = '$__rate_interval';
const CORES = 'scalar(count(node_cpu_seconds_total{mode="idle"}))';
const NIC = 'device!~"lo|veth.*|docker.*|br-.*"';

export function host(): DashboardBuilder {
  return dashboard('Bengkel — host', 'bengkel-host', 'The host under the Bengkel containers, from node-exporter.', ['bengkel', 'bengkel-host'], 'now-6h', 'Service health', 'bengkel')

    .withRow(new RowBuilder('CPU and memory'))
    .withPanel(timeSeries({
      title: 'CPU utilisation by mode', unit: 'percentunit', steps: [GREEN, [0.6, YELLOW], [0.9, RED]], min: 0, max: 1, stack: true,
      description: 'Share of all cores busy, by mode (user, system, iowait, steal…). Healthy: under 60 %; above 90 % for long everything slows (alert HostCpuSaturated). High iowait points at the disk, high steal at a noisy neighbour.',
      queries: [{ expr: `sum by (mode) (rate(node_cpu_seconds_total{mode!="idle"}[${RATE}])) / ${CORES}`, legend: '{{mode}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Load per core', unit: 'short', steps: [GREEN, [1, YELLOW], [2, RED]], min: 0,
      description: 'Load average divided by the number of cores. Healthy: under 1 (every runnable task gets a core); above 2 tasks wait for CPU.',
      queries: [
        { expr: `node_load1 / ${CORES}`, legend: '1 min' },
        { expr: `node_load5 / ${CORES}`, legend: '5 min' },
        { expr: `node_load15 / ${CORES}`, legend: '15 min' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Memory used', unit: 'percentunit', steps: [GREEN, [0.8, YELLOW], [0.9, RED]], min: 0, max: 1,
      description: 'Share of memory not available to new work (MemAvailable counts reclaimable cache as free). Healthy: under 80 %; above 90 % the kernel starts killing processes.',
      queries: [{ expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', legend: 'used' }],
    }))

    .withRow(new RowBuilder('Disks'))
    .withPanel(timeSeries({
      title: 'Disk space available', unit: 'percentunit', steps: [RED, [0.1, YELLOW], [0.2, GREEN]], min: 0, max: 1,
      description: 'Free space per filesystem. Healthy: over 20 %; under 10 % act now (alert DiskSpaceLow).',
      queries: [{ expr: 'instance_mountpoint:node_filesystem_avail:ratio', legend: '{{mountpoint}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Disk busy', unit: 'percentunit', steps: [GREEN, [0.6, YELLOW], [0.9, RED]], min: 0, max: 1,
      description: 'Share of time each disk had I/O in progress. Healthy: under 60 %; near 100 % the disk is the bottleneck and database latency rises with it.',
      queries: [{ expr: `rate(node_disk_io_time_seconds_total[${RATE}])`, legend: '{{device}}' }],
    }))
    .withPanel(timeSeries({
      title: 'Disk throughput', unit: 'Bps', steps: [GREEN, [200e6, YELLOW], [400e6, RED]], min: 0,
      description: 'Bytes read and written per second by disk. Healthy: follows the write load; a write storm with little traffic means vacuum, a backup or runaway logging. The colours mark 200 and 400 MB/s, most of what a SATA SSD sustains; read them with Disk busy.',
      queries: [
        { expr: `rate(node_disk_read_bytes_total[${RATE}])`, legend: '{{device}} read' },
        { expr: `rate(node_disk_written_bytes_total[${RATE}])`, legend: '{{device}} written' },
      ],
    }))

    .withRow(new RowBuilder('Network'))
    .withPanel(timeSeries({
      title: 'Network traffic by device', unit: 'Bps', steps: LINK, min: 0,
      description: 'Bytes received and sent per network device. Healthy: follows the API\'s requests per second. The colours mark 40 % and 80 % of a 1 Gbit/s link.',
      queries: [
        { expr: `rate(node_network_receive_bytes_total{${NIC}}[${RATE}])`, legend: '{{device}} in' },
        { expr: `rate(node_network_transmit_bytes_total{${NIC}}[${RATE}])`, legend: '{{device}} out' },
      ],
    }))
    .withPanel(timeSeries({
      title: 'Network errors and drops', unit: 'pps', steps: [GREEN, [0.01, YELLOW], [1, RED]], min: 0,
      description: 'Packets per second that failed or were dropped. Healthy: 0; any steady rate means a bad link, a full queue or a misconfigured MTU.',
      queries: [{
        expr: `sum(rate(node_network_receive_errs_total{${NIC}}[${RATE}]) + rate(node_network_transmit_errs_total{${NIC}}[${RATE}]) + rate(node_network_receive_drop_total{${NIC}}[${RATE}]) + rate(node_network_transmit_drop_total{${NIC}}[${RATE}]))`,
        legend: 'errors + drops',
      }],
    }));
}
