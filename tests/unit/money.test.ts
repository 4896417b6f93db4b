import { describe, expect, it } from 'vitest';
import { moneyFromMajor, moneyFromMinor } from '../../src/domain/money.js';

describe('money', () => {
  it('converts Odoo floats to exact minor units', () => {
    expect(moneyFromMajor(0.1 + 0.2, 'eur')).toMatchObject({ amount: 30, currency: 'EUR' });
    expect(moneyFromMajor(1234.5, 'USD')).toEqual({ amount: 123450, currency: 'USD', formatted: '$1,234.50' });
  });

  it('knows currencies without minor units', () => {
    expect(moneyFromMajor(500, 'JPY').amount).toBe(500);
    expect(moneyFromMinor(500, 'jpy').formatted).toBe('¥500');
  });
});
