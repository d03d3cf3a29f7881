import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authMachine } from '../../machines/auth-machine.js';
import { modelBackends } from './backends.js';
import { chartDefinition, CoverageRecorder, formatCoverage } from './chart-coverage.js';
import { modelTransitions, transitionPaths } from './model-paths.js';
import { modelCheck, runPath, unsupportedReason } from './path-runner.js';

/*
 * Model-based tests: every path generated from the abstract model (test/model/auth-model.ts) runs against the
 * real authMachine with the real services over each backend's transport. At every step the state value,
 * context.error's name and the emitted events must be what the model says. Coverage of the real chart is read
 * from its definition and must be complete.
 */

const paths = transitionPaths();
const backends = modelBackends();
const definition = chartDefinition(authMachine);
const recorder = new CoverageRecorder(authMachine.id);
const ran = new Map<string, { passed: number; steps: number; unsupported: { path: string; reason: string }[] }>();

describe('the model', () => {
  it('has a path through every one of its transitions', () => {
    const taken = new Set(paths.flatMap((p) => p.steps.map((s) => `${s.from} --${s.event}-->`)));
    expect(modelTransitions().filter((t) => !taken.has(t))).toEqual([]);
  });
});

describe.each(backends)('model paths on $name', (backend) => {
  const runnable = paths.filter((path) => unsupportedReason(backend, path) === null);
  const tally = {
    passed: 0,
    steps: 0,
    unsupported: paths.flatMap((path) => {
      const reason = unsupportedReason(backend, path);
      return reason ? [{ path: path.name, reason }] : [];
    }),
  };
  ran.set(backend.name, tally);

  beforeAll(() => backend.setup(), 60_000);
  afterAll(() => backend.teardown());

  it.each(runnable.map((path) => [path.name, path] as const))('%s', async (_name, path) => {
    await runPath(backend, path, { inspect: recorder.inspect, check: modelCheck(backend, path) });
    tally.passed += 1;
    tally.steps += path.steps.length;
  });
});

describe('coverage of authMachine by the model paths', () => {
  it('visits every state and takes every event-driven transition', () => {
    const report = recorder.report(definition);
    const lines = [`model: ${paths.length} paths, ${paths.reduce((n, p) => n + p.steps.length, 0)} steps`];
    for (const [name, tally] of ran) {
      lines.push(`${name}: ${tally.passed} paths (${tally.steps} steps) run, ${tally.unsupported.length} not runnable`);
      for (const { path, reason } of tally.unsupported) lines.push(`    - ${path}: ${reason}`);
    }
    lines.push(formatCoverage(report));
    console.log(`\n${lines.join('\n')}\n`);
    expect(report.states.missing).toEqual([]);
    expect(report.event.missing).toEqual([]);
  });
});
