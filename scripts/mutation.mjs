import { spawnSync } from 'node:child_process';

/*
 * `npm run test:mutation`: Stryker's text mutants of machines/ and services/, then the mutants of the chart's
 * definition run against the model paths (test/model/chart-mutants.test.ts), which Stryker leaves out.
 *
 * Stryker runs through its API, so that the score is printed in one line beside the chart's.
 */
const { Stryker } = await import('@stryker-mutator/core');

const started = Date.now();
// A narrower config (say, one file's mutants) can be given as the first argument; it skips the chart's mutants.
const configFile = process.argv[2];
const stryker = new Stryker({ configFile: configFile ?? 'stryker.config.json' });
const results = await stryker.runMutationTest();
const counts = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 };
for (const mutant of results) {
  if (mutant.status === 'Killed') counts.killed += 1;
  else if (mutant.status === 'Timeout') counts.timeout += 1;
  else if (mutant.status === 'Survived') counts.survived += 1;
  else if (mutant.status === 'NoCoverage') counts.noCoverage += 1;
  else counts.other += 1;
}
const detected = counts.killed + counts.timeout;
const valid = detected + counts.survived + counts.noCoverage;
const minutes = (ms) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
const summary =
  `mutation score (Stryker): ${((100 * detected) / Math.max(1, valid)).toFixed(2)}% ` +
  `(${counts.killed} killed, ${counts.timeout} timed out, ${counts.survived} survived, ${counts.noCoverage} not covered, ` +
  `${counts.other} not run: static, disabled or errors) in ${minutes(Date.now() - started)}`;
console.log(summary);

if (!configFile) {
  const chart = spawnSync('npx', ['vitest', 'run', 'test/model/chart-mutants.test.ts'], { stdio: 'inherit' });
  console.log(summary);
  console.log(`whole run: ${minutes(Date.now() - started)}`);
  process.exitCode = chart.status ?? 1;
}
