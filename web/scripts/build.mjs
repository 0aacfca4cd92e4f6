#!/usr/bin/env node
// Builds the browser app into web/dist (or the folder given as the first argument): one minified ES module bundled by esbuild from
// src/main.ts, the stylesheet, index.html and a default config.js. Asset names carry a content
// hash, so nginx can cache them for a year while index.html is never cached.

import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'assets'), { recursive: true });

const hash = (text) => createHash('sha256').update(text).digest('hex').slice(0, 10);

const result = await build({
  entryPoints: [join(root, 'src/main.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  write: false,
  legalComments: 'none',
});
const js = result.outputFiles[0].text;
const css = readFileSync(join(root, 'public/styles/app.css'), 'utf8');
const jsName = `app.${hash(js)}.js`;
const cssName = `app.${hash(css)}.css`;
writeFileSync(join(dist, 'assets', jsName), js);
writeFileSync(join(dist, 'assets', cssName), css);
const html = readFileSync(join(root, 'public/index.html'), 'utf8')
  .replace('/assets/app.js', `/assets/${jsName}`)
  .replace('/assets/app.css', `/assets/${cssName}`);
writeFileSync(join(dist, 'index.html'), html);
cpSync(join(root, 'public/config.js'), join(dist, 'config.js'));
console.log(`${dist}: ${jsName} (${js.length} B), ${cssName} (${css.length} B)`);
