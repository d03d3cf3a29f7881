import type { TokenStorage } from '../services/token-storage.js';

export interface MemoryStorage extends TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /** A copy of everything stored, for tests and debugging; later writes do not change it. */
  snapshot(): Record<string, string>;
}

/** Token storage that lives as long as the process or page: the default, and the one tests inspect. */
export function memoryStorage(initial: Record<string, string> = {}): MemoryStorage {
  const entries = new Map<string, string>(Object.entries(initial));
  return {
    // Web Storage answers `null` for a missing key; keep that so code written against localStorage reads the same.
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => {
      entries.set(key, value);
    },
    removeItem: (key) => {
      entries.delete(key);
    },
    snapshot: () => Object.fromEntries(entries),
  };
}
