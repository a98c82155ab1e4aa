import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLinkRequest, type LinkRequest } from './rating-links.ts';
import { normalisePhone } from './rating-input.ts';

const req = (over: Partial<LinkRequest>): LinkRequest => ({ org: '130427', caseRef: 'BJ2026001', subject: 'item', venue: '', item: 'CX-SFZ-HL', window: '', staffNo: '', raterName: '', phone: '', email: '', ...over });

test('a rating link reads a phone as the rating itself does (one normalisePhone): +86, spaces, full-width digits; an SMS needs a mobile', () => {
  for (const phone of ['+86 138 0013 8000', '138 0013 8000', '１３８００１３８０００', '(+86)13800138000', '138-0013-8000']) {
    const r = checkLinkRequest(req({ phone }));
    assert.ok(r.ok, `${phone}: ${JSON.stringify(r)}`);
    assert.equal(r.value.phone, '13800138000');
    if (!phone.includes('-')) assert.equal(r.value.phone, normalisePhone(phone));
  }
  // a landline is a phone for the rating, but no SMS reaches it
  const landline = checkLinkRequest(req({ phone: '0310-1234567' }));
  assert.equal(landline.ok, false);
  assert.ok(!landline.ok && landline.errors.phone);
  assert.equal(checkLinkRequest(req({ phone: '12345' })).ok, false);
});
