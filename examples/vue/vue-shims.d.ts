/** Single-file components, compiled by @vitejs/plugin-vue in an app; to tsc only their props matter. */
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<Record<string, unknown>>;
  export default component;
}
