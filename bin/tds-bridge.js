#!/usr/bin/env node
// The `tds-bridge` command: registers tsx so Node 20 runs the TypeScript CLI without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
