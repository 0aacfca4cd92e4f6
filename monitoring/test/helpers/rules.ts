// The committed Prometheus rules (recording and alerting) as the tests read them.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MONITORING } from './paths.ts';

export const PROMETHEUS = join(MONITORING, 'prometheus');
export const RULE_FILES = readdirSync(join(PROMETHEUS, 'rules')).map((name) => join(PROMETHEUS, 'rules', name));

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function rules(): Rule[] {
  return RULE_FILES.flatMap((file) => (parse(readFileSync(file, 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((group) => group.rules));
}
