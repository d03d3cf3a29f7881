import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../adapters/memory-storage.js';

describe('memoryStorage', () => {
  it('answers null for a key never written, like Web Storage', () => {
    expect(memoryStorage().getItem('missing')).toBeNull();
  });

  it('reads back what was written and forgets what was removed', () => {
    const storage = memoryStorage();
    storage.setItem('a', '1');
    storage.setItem('b', '2');
    storage.setItem('a', '3');
    storage.removeItem('b');
    expect(storage.getItem('a')).toBe('3');
    expect(storage.getItem('b')).toBeNull();
    expect(storage.snapshot()).toEqual({ a: '3' });
  });

  it('starts from the initial entries without sharing the object passed in', () => {
    const initial = { token: 'x' };
    const storage = memoryStorage(initial);
    storage.setItem('token', 'y');
    storage.setItem('other', 'z');
    expect(initial).toEqual({ token: 'x' });
    expect(storage.getItem('token')).toBe('y');
  });

  it('gives snapshots that later writes do not change', () => {
    const storage = memoryStorage({ a: '1' });
    const before = storage.snapshot();
    storage.setItem('a', '2');
    expect(before).toEqual({ a: '1' });
    before.a = 'edited';
    expect(storage.snapshot()).toEqual({ a: '2' });
  });

  it('keeps separate instances separate', () => {
    const first = memoryStorage();
    const second = memoryStorage();
    first.setItem('k', 'v');
    expect(second.getItem('k')).toBeNull();
  });
});
