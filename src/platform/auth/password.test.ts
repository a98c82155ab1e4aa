// The argon2 parameters: OWASP's everywhere but in test runs that ask for cheap ones explicitly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash } from '@node-rs/argon2';
import { argon2Options, OWASP_OPTIONS, TEST_CHEAP_OPTIONS, verifyPassword } from './password.ts';

const params = (h: string) => /^\$argon2id\$v=\d+\$(m=\d+,t=\d+,p=\d+)\$/.exec(h)?.[1];

test('production hashes with the OWASP parameters (m=19 MiB, t=2, p=1) whatever the test variable says', () => {
  assert.deepEqual(OWASP_OPTIONS, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  assert.equal(argon2Options({}), OWASP_OPTIONS);
  assert.equal(argon2Options({ NODE_ENV: 'production' }), OWASP_OPTIONS);
  // the cheap variable alone is not enough: a production process that inherits it stays strong
  assert.equal(argon2Options({ NODE_ENV: 'production', GONGKAI_TEST_ARGON2_CHEAP: '1' }), OWASP_OPTIONS);
  assert.equal(argon2Options({ GONGKAI_TEST_ARGON2_CHEAP: '1' }), OWASP_OPTIONS);
  assert.equal(argon2Options({ NODE_ENV: 'test' }), OWASP_OPTIONS);
  assert.equal(argon2Options({ NODE_ENV: 'test', GONGKAI_TEST_ARGON2_CHEAP: 'yes' }), OWASP_OPTIONS);
  assert.equal(argon2Options({ NODE_ENV: 'test', GONGKAI_TEST_ARGON2_CHEAP: '1' }), TEST_CHEAP_OPTIONS);
});

test('a cheap test hash and an OWASP hash both verify (the parameters are read from the hash)', async () => {
  const strong = await hash('correct horse battery', OWASP_OPTIONS);
  const cheap = await hash('correct horse battery', TEST_CHEAP_OPTIONS);
  assert.equal(params(strong), 'm=19456,t=2,p=1');
  assert.equal(params(cheap), 'm=1024,t=1,p=1');
  for (const h of [strong, cheap]) {
    assert.equal(await verifyPassword(h, 'correct horse battery'), true);
    assert.equal(await verifyPassword(h, 'correct horse battery!'), false);
  }
});
