// Loaded first in every test process (`node --import`, scripts/test.mjs), before node:test.
//
// Node 20's test harness enables an async hook (init + destroy) when the first test is declared.
// It maps every async resource — every promise — to the test whose code created it: to know which
// test or suite a `test()`, `describe()` or hook call declared in a suite's body belongs to, and to
// fail the right test when an uncaught exception or unhandled rejection comes from its async code.
// A destroy hook makes Node track every promise until it is collected, and the init hook runs for
// each: measured at about 7 % of the CPU of a test process that builds apps (a dozen buildApp
// rounds: 9.3 → 8.7 s of CPU, the harness's bookkeeping and the collector's share of it).
//
// Here the harness's hook sees only the tests' own resources (type 'Test': every test and suite
// runs its body in its own async scope), with no destroy hook, so promises are neither mapped nor
// tracked. Declarations in a suite's body (synchronous, as in every file here) still find their
// suite. What changes: an uncaught error from a test's async code is no longer pinned on that
// test — the harness reports it only as "… generated asynchronous activity after the test ended"
// and sets the exit code 1, the test itself carries on, and a test that waits on what threw would
// wait for ever while anything (a server, a timer) keeps the process alive. So here such an error
// is printed whole (its stack names the test's code), the exit code is 1, and after an uncaught
// exception the process ends 2 s later: the file (or group of files) fails and the run still ends
// "N failed" (test/test-process.test.ts).
// GONGKAI_TEST_ASYNC_TRACKING=on keeps Node's hook (to see which test such an error came from).
import asyncHooks from 'node:async_hooks';

if (process.env.GONGKAI_TEST_ASYNC_TRACKING !== 'on') {
  const createHook = asyncHooks.createHook;
  asyncHooks.createHook = function gongkaiCreateHook(callbacks) {
    // only the test harness's own hook (node:internal/test_runner/harness calls it directly)
    if (callbacks?.init && /\(node:internal\/test_runner\/harness:/.test(new Error().stack ?? '')) {
      const init = callbacks.init;
      return createHook.call(this, {
        init(asyncId, type, triggerAsyncId, resource) {
          if (type === 'Test') init(asyncId, type, triggerAsyncId, resource);
        },
      });
    }
    return createHook.call(this, callbacks);
  };

  const report = (kind, err) => {
    process.stderr.write(`\n✖ ${kind} (not pinned on a test: GONGKAI_TEST_ASYNC_TRACKING=on names it)\n${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  };
  process.on('uncaughtExceptionMonitor', (err, origin) => {
    if (origin !== 'uncaughtException') return; // (a rejection is reported below)
    report('uncaught exception', err);
    setTimeout(() => process.exit(1), 2000).unref();
  });
  process.on('unhandledRejection', (reason) => report('unhandled rejection', reason));
}
