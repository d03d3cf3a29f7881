import { describe, expect, it } from 'vitest';
import { KB, largestParts, loadBudgets, measureBundle } from '../../bench/bundle-size.js';

/*
 * Bundle-size budgets from bench/budgets.json, measured as a browser app would ship them: esbuild (bundle, minify,
 * ESM, platform browser), then gzip -9. A build over budget fails with the largest contributors named.
 */

describe.each(loadBudgets())('bundle budget: $name', (budget) => {
  it(`${budget.entry} stays within ${budget.maxGzipKB} KB gzip`, async () => {
    const measure = await measureBundle(budget.entry);
    const gzipKB = measure.gzipBytes / KB;
    const report = `${budget.entry}: ${gzipKB.toFixed(2)} KB gzip (${(measure.minifiedBytes / KB).toFixed(1)} KB minified), budget ${budget.maxGzipKB} KB; largest: ${largestParts(measure)}`;
    console.info(report);
    expect(measure.gzipBytes, report).toBeLessThanOrEqual(budget.maxGzipKB * KB);

    const forbidden = measure.inputs.map((input) => input.path).filter((path) => budget.forbiddenInputs.some((part) => path.includes(part)));
    expect(forbidden, `${budget.entry} bundles what it must not`).toEqual([]);
    expect(measure.externalImports, `${budget.entry} imports modules a browser lacks`).toEqual([]);
  }, 60_000);
});
