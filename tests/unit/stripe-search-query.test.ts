import { describe, expect, it } from 'vitest';
import { metadataAnyOf } from '../../src/connectors/payments/stripeSearchQuery.js';

describe('Stripe search query', () => {
  it('joins metadata clauses with OR', () => {
    expect(metadataAnyOf('erp_partner_id', ['1', '2'])).toBe("metadata['erp_partner_id']:'1' OR metadata['erp_partner_id']:'2'");
  });

  it('escapes quotes so a value cannot change the query', () => {
    expect(metadataAnyOf('order_ref', ["x' OR status:'succeeded"])).toBe("metadata['order_ref']:'x\\' OR status:\\'succeeded'");
  });

  it('refuses more clauses than Stripe allows', () => {
    expect(() => metadataAnyOf('k', Array.from({ length: 11 }, String))).toThrow(RangeError);
  });
});
