import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeIssued, computeTable3, computeTable4, type DisclosureFacts, type ReviewFacts } from './annual-tables.ts';
import { EXPECTED_2025, FIXTURE, labelled } from '../../../test/fixtures/annual-cases.ts';

describe('table 三 from application cases', () => {
  it('matches the table worked out by hand for 2025 (every row and column non-zero somewhere)', () => {
    const got = labelled(computeTable3(FIXTURE, 2025));
    assert.deepEqual(got, EXPECTED_2025);
    for (const [label, values] of Object.entries(EXPECTED_2025)) assert.ok(values.some((v) => v > 0), label);
    for (let c = 0; c < 7; c++) assert.ok(Object.values(EXPECTED_2025).some((v) => (v[c] as number) > 0), `column ${c}`);
  });

  it('carries 2025 四 into 2026 二', () => {
    const y25 = labelled(computeTable3(FIXTURE, 2025));
    const y26 = labelled(computeTable3(FIXTURE, 2026));
    assert.deepEqual(y26['二、上年结转政府信息公开申请数量'], y25['四、结转下年度继续办理']);
    assert.deepEqual(y26['一、本年新收政府信息公开申请数量'], [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(y26['（一）予以公开'], [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(y26['四、结转下年度继续办理'], [1, 0, 0, 1, 1, 0, 3]);
  });
});

describe('table 四 from reviews and suits', () => {
  const r = (caseId: number, kind: string, result: string, on: string, seq = 1): ReviewFacts => ({ caseId, kind, result, on, seq });
  it('counts each case once with its latest result by 31 December', () => {
    const reviews = [
      r(1, 'review', 'pending', '2025-03-01', 1), r(1, 'review', 'upheld', '2025-06-01', 2),
      r(2, 'review', 'corrected', '2025-05-01'),
      r(3, 'review', 'pending', '2025-10-01'),
      r(4, 'litigation_direct', 'other', '2025-07-01'),
      r(5, 'litigation_direct', 'pending', '2024-11-01'),
      r(6, 'litigation_after_review', 'upheld', '2024-12-01'),
      r(7, 'litigation_after_review', 'pending', '2025-09-01', 1), r(7, 'litigation_after_review', 'corrected', '2026-02-01', 2),
      r(8, 'litigation_after_review', 'upheld', '2025-08-01'),
    ];
    assert.deepEqual(computeTable4(reviews, 2025), [1, 1, 0, 1, 3, 0, 0, 1, 1, 2, 1, 0, 0, 1, 2]);
    assert.deepEqual(computeTable4(reviews, 2026), [0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1]);
  });
});

describe('table 二 第（一）项 from disclosure records', () => {
  const d = (p: Partial<DisclosureFacts>): DisclosureFacts => ({ genre: 'rule', validity: 'effective', writtenOn: null, effectiveOn: null, publishedOn: null, expiresOn: null, repealedOn: null, ...p });
  const records = [
    d({ writtenOn: '2025-03-01', publishedOn: '2025-03-05' }), // issued, effective
    d({ writtenOn: '2023-01-01', repealedOn: '2025-06-01', validity: 'repealed' }), // repealed this year
    d({ writtenOn: '2022-01-01' }), // still effective
    d({ writtenOn: '2025-12-30', effectiveOn: '2026-02-01' }), // issued, not yet in force
    d({ writtenOn: '2020-01-01', expiresOn: '2024-12-31', validity: 'expired' }), // expired earlier
    d({ writtenOn: '2021-01-01', validity: 'repealed' }), // repealed, no date: not in force
    d({ genre: 'normative', publishedOn: '2025-05-05' }), // no 成文日期: publication date
    d({ genre: 'normative', writtenOn: '2024-05-05', repealedOn: '2026-01-10', validity: 'repealed' }), // in force at 2025 year end
    d({ genre: 'notice', writtenOn: '2025-05-05' }), // other genre
  ];
  it('counts issued, repealed and in force at year end', () => {
    assert.deepEqual(computeIssued(records, 'rule', 2025), { issued: 2, repealed: 1, effective: 2 });
    assert.deepEqual(computeIssued(records, 'normative', 2025), { issued: 1, repealed: 0, effective: 2 });
    assert.deepEqual(computeIssued(records, 'normative', 2026), { issued: 0, repealed: 1, effective: 1 });
  });
});
