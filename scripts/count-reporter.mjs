// A node:test reporter that counts leaf tests (not suites) and writes {passed, failed, skipped}.
export default async function* countReporter(source) {
  const summary = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    if (event.data.details?.type === 'suite') continue;
    if (event.data.skip || event.data.todo) summary.skipped++;
    else if (event.type === 'test:pass') summary.passed++;
    else summary.failed++;
  }
  yield JSON.stringify(summary);
}
