#!/usr/bin/env node
// The load CLI as a command (`npx bengkel-load high`): its TypeScript runs through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
