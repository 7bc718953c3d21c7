import { describe, expect, test } from 'vitest';
import { isInternalAddress } from '../../../src/domain/webhooks/addresses.js';
import { MAX_RETRIES, retryDelayMs } from '../../../src/domain/webhooks/retries.js';

describe('addresses a webhook never reaches', () => {
  test.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '192.0.2.10',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '2002:c0a8:0101::1',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '2001:db8::1',
    '2001::1',
    'not an address',
  ])('%s is internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  test.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700::6810:84e5',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', (address) => {
    expect(isInternalAddress(address)).toBe(false);
  });
});

describe('the retry schedule', () => {
  test('12 retries after the first attempt span about three days, each at most 12 hours apart', () => {
    const delays = Array.from({ length: MAX_RETRIES }, (_, index) => retryDelayMs(index + 1, 0.5));
    const totalHours = delays.reduce((sum, delay) => sum + delay, 0) / 3_600_000;
    expect(totalHours).toBeGreaterThan(60);
    expect(totalHours).toBeLessThan(84);
    expect(delays[0]).toBe(10_000);
    expect(Math.max(...delays)).toBe(12 * 3_600_000);
    for (let index = 1; index < delays.length; index += 1)
      expect(delays[index]).toBeGreaterThanOrEqual(delays[index - 1] ?? 0);
  });

  test('jitter is ±20 %', () => {
    expect(retryDelayMs(1, 0)).toBe(8_000);
    expect(retryDelayMs(1, 0.999_999)).toBe(12_000);
  });
});
