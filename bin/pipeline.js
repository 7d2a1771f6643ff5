#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx pipeline` works on a fresh clone without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../functions/cli/main.ts');
