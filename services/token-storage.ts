/**
 * Where tokens are kept between page loads: a key-value store in the shape of Web Storage, sync or async,
 * so `localStorage`, `sessionStorage`, React Native's AsyncStorage or a server-side store all fit.
 */
export interface TokenStorage {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}
