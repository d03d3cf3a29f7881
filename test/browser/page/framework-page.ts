/**
 * One page for the framework examples: `?framework=react|vue|svelte|angular` mounts that example's sign-in, each loaded on
 * its own (code splitting), against the pool named at /demo-config.json.
 */
const root = document.getElementById('app');
if (!root) throw new Error('#app is missing');

const MOUNTS: Record<string, () => Promise<void>> = {
  react: () => import('../../../examples/react/main.js').then((m) => m.mountReactSignIn(root)),
  vue: () => import('../../../examples/vue/main.js').then((m) => m.mountVueSignIn('#app')),
  svelte: () => import('../../../examples/svelte/main.js').then((m) => m.mountSvelteSignIn(root)),
  angular: () => import('../../../examples/angular/main.js').then((m) => m.mountAngularSignIn(root)),
};

const framework = new URLSearchParams(location.search).get('framework') ?? '';
const mount = MOUNTS[framework];
if (!mount) throw new Error(`unknown framework "${framework}"`);
await mount();
document.body.dataset.mounted = framework;
