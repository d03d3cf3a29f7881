/*
 * Runs Stryker through its API. StrykerJS 10 refuses Node.js below 22 when its command line module loads (the
 * package entry loads it too); its Stryker class has no such guard and the run works on Node.js 20, which this
 * project supports. So the class is loaded from its own file.
 */
const strykerModule = new URL('../node_modules/@stryker-mutator/core/dist/src/stryker.js', import.meta.url);
const { Stryker } = await import(strykerModule.href);

// A narrower config (say, one file's mutants) can be given as the first argument.
const stryker = new Stryker({ configFile: process.argv[2] ?? 'stryker.config.json' });
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
console.log(
  `mutation score: ${((100 * detected) / Math.max(1, valid)).toFixed(2)}% ` +
    `(${counts.killed} killed, ${counts.timeout} timed out, ${counts.survived} survived, ${counts.noCoverage} not covered, ${counts.other} not run)`,
);
