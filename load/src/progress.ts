// The live progress line on stderr: elapsed and remaining time, this second's requests, the
// p95 so far, and the errors. On a terminal it rewrites one line; otherwise (CI, a pipe) it
// prints a line every 5 seconds.

import type { Live } from './runner.ts';

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

export function progressLine(stage: string, live: Live): string {
  const remaining = live.remaining === undefined ? '?' : `~${clock(live.remaining)}`;
  const second = live.lastSecond;
  return `[${stage}] ${clock(live.elapsed)} elapsed, ${remaining} left · ${second?.requests ?? 0} req/s · p95 ${live.p95.toFixed(1)} ms · 4xx ${live.totals.s4xx} · 5xx ${live.totals.s5xx} · no answer ${live.totals.errors}`;
}

export function progressPrinter(stream: NodeJS.WriteStream, enabled: boolean) {
  const tty = Boolean(stream.isTTY);
  return {
    update(stage: string, live: Live) {
      if (!enabled) return;
      const line = progressLine(stage, live);
      if (tty) stream.write(`\r\x1b[2K${line}`);
      else if (live.elapsed % 5 === 0) stream.write(`${line}\n`);
    },
    end() {
      if (enabled && tty) stream.write('\n');
    },
  };
}
