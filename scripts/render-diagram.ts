import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { instance } from '@viz-js/viz';
import { authMachine } from '../machines/auth-machine.js';
import { toDot, toMermaid } from '../adapters/inspect/statechart-graph.js';

/** `npm run docs:diagram`: docs/statechart.md (Mermaid) and docs/statechart.svg (Graphviz), from authMachine. */

const docs = fileURLToPath(new URL('../docs/', import.meta.url));

export interface RenderedDiagram {
  markdown: string;
  svg: string;
}

export async function renderDiagram(): Promise<RenderedDiagram> {
  const mermaid = toMermaid(authMachine);
  const markdown = [
    '# The auth statechart',
    '',
    'Generated from `authMachine` by `npm run docs:diagram`; a test fails when this file or',
    '[statechart.svg](statechart.svg) no longer matches the machine. States tagged `busy` wait on Cognito.',
    'Refused input (a ValidationError, or an InvalidStateException for an event the state does not take) keeps',
    'the state and is not drawn. One arrow stands for every way from one state to another, its label listing them;',
    'an arrow between regions stands for their inner states too (the inspector shows each transition on its own).',
    '',
    '```mermaid',
    mermaid.trimEnd(),
    '```',
    '',
  ].join('\n');
  const viz = await instance();
  const svg = viz.renderString(toDot(authMachine), { format: 'svg', engine: 'dot' });
  return { markdown, svg };
}

export const DIAGRAM_FILES = { markdown: `${docs}statechart.md`, svg: `${docs}statechart.svg` };

export async function readCommittedDiagram(): Promise<RenderedDiagram> {
  const [markdown, svg] = await Promise.all([readFile(DIAGRAM_FILES.markdown, 'utf8'), readFile(DIAGRAM_FILES.svg, 'utf8')]);
  return { markdown, svg };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { markdown, svg } = await renderDiagram();
  await writeFile(DIAGRAM_FILES.markdown, markdown);
  await writeFile(DIAGRAM_FILES.svg, svg);
  console.log(`wrote ${DIAGRAM_FILES.markdown} and ${DIAGRAM_FILES.svg}`);
}
