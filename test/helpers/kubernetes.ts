// Renders the Kubernetes overlays as `kubectl kustomize` does (offline: kustomize is built into
// kubectl), on a copy of deploy/kubernetes whose secrets/*.env files are made from their
// committed *.env.example (the real ones are never committed).

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO, run } from '@bengkel/testing/tools';

export const KUBERNETES = join(REPO, 'deploy/kubernetes');
export const OVERLAYS = readdirSync(join(KUBERNETES, 'overlays')).sort();

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  data?: Record<string, string>;
  [key: string]: unknown;
}

/** Every object of an overlay, rendered. */
export async function render(overlay: string): Promise<KubeObject[]> {
  const copy = mkdtempSync(join(tmpdir(), 'bengkel-kustomize-'));
  try {
    cpSync(KUBERNETES, copy, { recursive: true });
    const secrets = join(copy, 'overlays', overlay, 'secrets');
    for (const name of readdirSync(secrets).filter((file) => file.endsWith('.env.example'))) {
      const example = readFileSync(join(secrets, name), 'utf8');
      writeFileSync(join(secrets, name.replace(/\.example$/, '')), example.replace(/=$/gm, '=test0123456789'));
    }
    const { code, stdout, stderr } = await run('kubectl', ['kustomize', join(copy, 'overlays', overlay)]);
    if (code !== 0) throw new Error(`kubectl kustomize overlays/${overlay} failed: ${stderr}`);
    return parseAllDocuments(stdout).map((document) => document.toJS() as KubeObject);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

export const named = (objects: KubeObject[], kind: string, name?: string) =>
  objects.filter((object) => object.kind === kind && (name === undefined || object.metadata.name === name));

export function one(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = named(objects, kind, name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0]!;
}

/** Whether `labels` has every pair of a label selector's matchLabels and meets its matchExpressions. */
export function selects(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> } | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  const pairs = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const expressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]!);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]!);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        throw new Error(`unknown selector operator ${operator}`);
    }
  });
  return pairs && expressions;
}
