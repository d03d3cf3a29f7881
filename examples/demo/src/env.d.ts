/** Vite's `?raw` imports: the file's text. */
declare module '*?raw' {
  const text: string;
  export default text;
}

/** Vite bundles imported stylesheets. */
declare module '*.css' {}

/** The chart panel's diagram, rendered from the machine by examples/demo/statechart-plugin.ts. */
declare module 'virtual:demo-statechart' {
  export const svg: string;
  export const wholeSvg: string;
  export const edges: import('../statechart-plugin.js').DemoChartEdge[];
}
