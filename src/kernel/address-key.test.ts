import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressKey } from './address-key.ts';

test('IPv4 addresses are their own key', () => {
  assert.equal(addressKey('203.0.113.9'), '203.0.113.9');
  assert.notEqual(addressKey('203.0.113.9'), addressKey('203.0.113.10'));
});

test('IPv6 addresses count per /64, however they are written', () => {
  const k = addressKey('2001:db8:1:2::1');
  assert.equal(k, '2001:db8:1:2::/64');
  for (const same of ['2001:db8:1:2::ffff', '2001:0db8:0001:0002:dead:beef:0:1', '2001:DB8:1:2:0:0:0:0', '2001:db8:1:2::1%eth0', '2001:db8:1:2::192.0.2.1']) assert.equal(addressKey(same), k, same);
  assert.notEqual(addressKey('2001:db8:1:3::1'), k);
  assert.equal(addressKey('::1'), '0:0:0:0::/64');
  assert.equal(addressKey('fe80::1'), 'fe80:0:0:0::/64');
});

test('IPv4-mapped IPv6 is the IPv4 address; nothing is the same unknown key', () => {
  assert.equal(addressKey('::ffff:192.0.2.1'), '192.0.2.1');
  assert.equal(addressKey('::ffff:c000:201'), '192.0.2.1');
  assert.equal(addressKey(undefined), 'unknown');
  assert.equal(addressKey(''), 'unknown');
  assert.equal(addressKey('not-an-address'), 'not-an-address');
});
