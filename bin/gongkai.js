#!/usr/bin/env node
// `npx gongkai …`: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';
register();
const { runCli } = await import('../src/cli.ts');
await runCli(process.argv.slice(2));
