import { describe, expect, it } from 'vitest';
import { createLabelCap } from '../../src/observability/createLabelCap.js';

describe('createLabelCap', () => {
  it('passes the first distinct values and folds every later new one into one value', () => {
    const cap = createLabelCap(2);
    expect(['A', 'B', 'A', 'C', 'B', 'D'].map(cap)).toEqual(['A', 'B', 'A', '(other)', 'B', '(other)']);
  });

  it('cuts long values, so one value cannot carry a whole query', () => {
    expect(createLabelCap(5)('x'.repeat(500))).toHaveLength(100);
  });
});
