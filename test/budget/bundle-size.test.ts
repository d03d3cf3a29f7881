import { describe, expect, it } from 'vitest';
import { BASE_ENTRY, FEATURES, KB, featureBytesIn, largestParts, loadBudgets, measureBundle } from '../../bench/bundle-size.js';

/*
 * Bundle-size budgets from bench/budgets.json, measured as a browser app would ship them: esbuild (bundle, minify,
 * ESM, platform browser), then gzip -9. A build over budget fails with the largest contributors named; a build
 * that contains what it must not (the SDK in the fetch builds, an optional feature it did not import) fails with
 * the modules named, read from esbuild's metafile.
 */

describe.each(loadBudgets())('bundle budget: $name', (budget) => {
  it(`${budget.entry} stays within ${budget.maxGzipKB} KB gzip`, async () => {
    const measure = await measureBundle(budget.entry);
    const gzipKB = measure.gzipBytes / KB;
    const report = `${budget.entry}: ${gzipKB.toFixed(2)} KB gzip (${(measure.minifiedBytes / KB).toFixed(1)} KB minified), budget ${budget.maxGzipKB} KB; largest: ${largestParts(measure)}`;
    console.info(report);
    // What is in the build first: a module that must not be there says more than the bytes it adds.
    const forbidden = measure.inputs.map((input) => input.path).filter((path) => budget.forbiddenInputs.some((part) => path.includes(part)));
    expect(forbidden, `${budget.entry} bundles what it must not`).toEqual([]);
    expect(measure.externalImports, `${budget.entry} imports modules a browser lacks`).toEqual([]);
    expect(measure.gzipBytes, report).toBeLessThanOrEqual(budget.maxGzipKB * KB);
  }, 60_000);
});

describe('optional features: in a build only when imported', () => {
  it.each(FEATURES)('$name: none of its modules in createAuth + fetchTransport, all of them once imported', async (feature) => {
    const [base, withFeature] = await Promise.all([measureBundle(BASE_ENTRY), measureBundle(feature.entry)]);
    expect(featureBytesIn(base, feature), `${BASE_ENTRY} contains ${feature.name}`).toBe(0);
    for (const module of feature.modules) {
      expect(withFeature.inputs.some((input) => input.path.includes(module)), `${feature.entry} lacks ${module}`).toBe(true);
    }
    expect(withFeature.gzipBytes).toBeGreaterThan(base.gzipBytes);
  }, 60_000);
});

describe('the root entry', () => {
  it('adds to core + fetch no more than the AWS SDK client and its commands cost alone', async () => {
    const [root, core, sdk] = await Promise.all([
      measureBundle('bench/entries/root-sdk.ts'),
      measureBundle('bench/entries/core-fetch.ts'),
      measureBundle('bench/entries/sdk-client.ts'),
    ]);
    const added = root.gzipBytes - core.gzipBytes;
    expect(added, `root less core + fetch: ${(added / KB).toFixed(2)} KB; SDK alone: ${(sdk.gzipBytes / KB).toFixed(2)} KB`).toBeLessThanOrEqual(
      sdk.gzipBytes,
    );
  }, 60_000);
});
