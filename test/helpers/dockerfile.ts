// Reads a Dockerfile, and builds it without Docker where that is honest: no engine runs on these
// machines, so the stages that only run npm are replayed natively — each stage in its own folder
// standing for the image's filesystem, COPY from the build context (the repository) or an
// earlier stage, RUN with `sh -c` in the stage's WORKDIR — which proves that the files the
// Dockerfile copies are enough for its commands to succeed. Base-image content (Node, nginx) is
// this machine's, not Alpine's.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface Instruction {
  keyword: string;
  flags: Record<string, string>;
  args: string;
  line: number;
}

export interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Instructions by stage, with line continuations joined, comments dropped and ARG defaults applied to FROM. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const args: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i]!;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    line = line.trim();
    if (!line || line.startsWith('#')) continue;
    const [, keyword, rest] = /^(\S+)\s*(.*)$/.exec(line)!;
    const flags: Record<string, string> = {};
    let body = rest!;
    for (let flag = /^--([a-z-]+)=(\S+)\s+/.exec(body); flag; flag = /^--([a-z-]+)=(\S+)\s+/.exec(body)) {
      flags[flag[1]!] = flag[2]!;
      body = body.slice(flag[0].length);
    }
    const instruction = { keyword: keyword!.toUpperCase(), flags, args: body, line: start + 1 };
    if (instruction.keyword === 'FROM') {
      const [image, , name] = body.replace(/\$\{(\w+)\}/g, (_, v: string) => args[v] ?? '').split(/\s+/);
      stages.push({ from: image!, name, instructions: [] });
    } else if (instruction.keyword === 'ARG' && stages.length === 0) {
      const [name, value] = body.split('=');
      args[name!] = value ?? '';
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

export interface ReplayedStage {
  root: string;
  workdir: string;
  env: Record<string, string>;
}

/**
 * Replays stage `index` of `stages` in `work/<index>`; COPY --from reads stages replayed before.
 * `skipRun` names RUN commands that only make sense inside the image (users, ownership).
 */
export function replayStage(stages: Stage[], index: number, context: string, work: string, replayed: Map<string, ReplayedStage>, skipRun: string[] = []): ReplayedStage {
  const stage = stages[index]!;
  const root = join(work, String(index));
  mkdirSync(root, { recursive: true });
  const state: ReplayedStage = { root, workdir: '/', env: {} };
  const inside = (path: string) => join(root, posix.resolve(state.workdir, path));
  for (const { keyword, flags, args, line } of stage.instructions) {
    if (keyword === 'WORKDIR') {
      state.workdir = posix.resolve(state.workdir, args);
      mkdirSync(inside('.'), { recursive: true });
    } else if (keyword === 'ENV') {
      for (const [, name, value] of args.matchAll(/(\w+)=(\S+)/g)) state.env[name!] = value!;
    } else if (keyword === 'COPY') {
      const parts = args.split(/\s+/);
      const dest = parts.pop()!;
      const from = flags.from ? replayed.get(flags.from) : undefined;
      if (flags.from && !from) throw new Error(`line ${line}: stage ${flags.from} was not replayed`);
      for (const source of parts) {
        const path = from ? join(from.root, source) : join(context, source);
        const target = dest.endsWith('/') && statSync(path).isFile() ? join(inside(dest), posix.basename(source)) : inside(dest);
        cpSync(path, target, { recursive: true });
      }
    } else if (keyword === 'RUN') {
      if (skipRun.includes(args)) continue;
      execFileSync('sh', ['-c', args], { cwd: inside('.'), env: { ...process.env, ...state.env }, stdio: 'pipe' });
    }
  }
  if (stage.name) replayed.set(stage.name, state);
  return state;
}

export const readDockerfile = (path: string) => parseDockerfile(readFileSync(path, 'utf8'));
