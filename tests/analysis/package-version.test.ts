import { describe, expect, it } from 'vitest';
import { outsideAll, parseRange, type VersionSpan } from '../../lib/util/package-version';

describe('parseRange', () => {
  it('reads exact versions, carets, tildes and x-ranges as the span they allow', () => {
    expect(parseRange('23.6.2')).toEqual({ from: [23, 6, 2], until: [23, 6, 3] });
    expect(parseRange('npm:@getodk/slonik@23.6.2-4')).toEqual({ from: [23, 6, 2], until: [23, 6, 3] });
    expect(parseRange('^24.1.0')).toEqual({ from: [24, 1, 0], until: [25, 0, 0] });
    expect(parseRange('^0.3.1')).toEqual({ from: [0, 3, 1], until: [0, 4, 0] });
    expect(parseRange('~25.0.1')).toEqual({ from: [25, 0, 1], until: [25, 1, 0] });
    expect(parseRange('22.x')).toEqual({ from: [22, 0, 0], until: [23, 0, 0] });
    expect(parseRange('22')).toEqual({ from: [22, 0, 0], until: [23, 0, 0] });
    expect(parseRange('^22.4')).toEqual({ from: [22, 4, 0], until: [23, 0, 0] });
  });

  it('leaves other shapes unread', () => {
    for (const range of ['>=22 <26', 'latest', '*', 'github:gajus/slonik', 'workspace:*', '']) {
      expect(parseRange(range)).toBeUndefined();
    }
  });
});

describe('outsideAll', () => {
  const sent: VersionSpan[] = [{ from: [22, 0, 0], until: [22, 4, 2] }, { from: [25, 1, 0] }];
  it('is true only when no version of the span falls in a range', () => {
    expect(outsideAll({ from: [23, 6, 2], until: [23, 6, 3] }, sent)).toBe(true);
    expect(outsideAll({ from: [22, 4, 2], until: [22, 5, 0] }, sent)).toBe(true);
    expect(outsideAll({ from: [25, 0, 0], until: [25, 1, 0] }, sent)).toBe(true);
    expect(outsideAll({ from: [25, 0, 0], until: [26, 0, 0] }, sent)).toBe(false);
    expect(outsideAll({ from: [22, 4, 1], until: [22, 4, 2] }, sent)).toBe(false);
    expect(outsideAll({ from: [21, 0, 0], until: [22, 0, 0] }, sent)).toBe(true);
    expect(outsideAll({ from: [33, 0, 0] }, sent)).toBe(false);
  });
});
