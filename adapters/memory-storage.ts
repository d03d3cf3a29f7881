import type { TokenStorage } from '../services/token-storage.js';

/** Tokens kept in this process only: the default, and what tests and server-side code use. */
export function memoryStorage(initial: Record<string, string> = {}): TokenStorage & { snapshot(): Record<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
    snapshot: () => Object.fromEntries(items),
  };
}
