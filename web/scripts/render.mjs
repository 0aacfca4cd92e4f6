// Renders the nginx and config.js templates the way the nginx image does (envsubst limited to
// the named variables), for tests and `npm start` on a machine with Debian's nginx.

import { readFileSync } from 'node:fs';

export function render(templatePath, values) {
  return substitute(readFileSync(templatePath, 'utf8'), values);
}

export function substitute(text, values) {
  return text.replace(/\$\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
