import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toXml } from './open311.ts';

test('XML output drops characters XML 1.0 forbids and escapes markup, keeping Chinese text and emoji', () => {
  const xml = toXml('service_requests', [{ description: '路灯\u0001不亮 <b>&"\'\uFFFF 😀\uD800' }]);
  assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?>\n<service_requests><request><description>路灯不亮 &lt;b&gt;&amp;&quot;&apos; 😀</description></request></service_requests>');
});
