/** Svelte components, compiled by the Svelte plugin in an app; to tsc only their props matter. */
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<Record<string, unknown>>;
  export default component;
}
