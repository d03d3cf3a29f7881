import type { Plugin } from 'vite';
import { DEMO_CONFIG_PATH, type DemoConfig } from './src/demo-config.js';

/** Serves the pool's coordinates to the pages, and sends `/` to the demo page. */
export function demoConfigPlugin(config: DemoConfig): Plugin {
  const body = JSON.stringify(config);
  return {
    name: 'demo-config',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0];
        if (path === DEMO_CONFIG_PATH) {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
          res.end(body);
        } else if (path === '/') {
          res.writeHead(302, { Location: '/demo/' });
          res.end();
        } else next();
      });
    },
  };
}
