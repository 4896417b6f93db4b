import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeId, encodeCursor, encodeId } from '../../src/graphql/ids.js';

describe('opaque ids', () => {
  it('round-trips a typed ERP id', () => {
    expect(decodeId('Customer', encodeId('Customer', 42))).toBe(42);
  });

  it('refuses an id of another type, naming the argument', () => {
    const orderId = encodeId('Order', 42);
    try {
      decodeId('Customer', orderId, 'customerId');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'customerId' });
    }
  });

  it.each(['', 'garbage', encodeId('Customer', 1).slice(0, -2), Buffer.from('Customer:0').toString('base64url'), Buffer.from('Customer:-1').toString('base64url')])(
    'refuses %j',
    (value) => {
      expect(() => decodeId('Customer', value)).toThrow(/is not a Customer id/);
    },
  );

  it('pages start after the cursor, and at 0 without one', () => {
    expect(decodeCursor(encodeCursor(19))).toBe(20);
    expect(decodeCursor(undefined)).toBe(0);
    expect(() => decodeCursor('nope')).toThrow(/not a cursor/);
  });
});
