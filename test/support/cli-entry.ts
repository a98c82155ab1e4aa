// The CLI entry the tests build (test/support/build-entries.mjs): what bin/gongkai.js runs, without tsx.
import { runCli } from '../../src/cli.ts';

await runCli(process.argv.slice(2));
