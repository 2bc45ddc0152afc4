import { FoldedStreamCache } from './folded-stream-cache';

describe('FoldedStreamCache', () => {
  it('forgets the least recently used stream once it holds its capacity', () => {
    const cache = new FoldedStreamCache(2);
    cache.rememberStream('a', { state: 'A', revision: 0 });
    cache.rememberStream('b', { state: 'B', revision: 4 });
    expect(cache.stream('a')).toEqual({ state: 'A', revision: 0 }); // a is now the most recent
    cache.rememberStream('c', { state: 'C', revision: 1 });
    expect(cache.stream('b')).toBeUndefined();
    expect(cache.stream('a')?.state).toBe('A');
    expect(cache.stream('c')?.revision).toBe(1);
    expect(cache.size.streams).toBe(2);
  });

  it('replaces a stream it holds and forgets one on request', () => {
    const cache = new FoldedStreamCache(2);
    cache.rememberStream('a', { state: 'A', revision: 0 });
    cache.rememberStream('a', { state: 'A2', revision: 1 });
    expect(cache.stream('a')).toEqual({ state: 'A2', revision: 1 });
    cache.forgetStream('a');
    expect(cache.stream('a')).toBeUndefined();
  });

  it('refuses a capacity that could hold nothing', () => {
    expect(() => new FoldedStreamCache(0)).toThrow(RangeError);
  });
});
