/**
 * `npm run lighthouse`: builds the app, serves the production build with `vite preview`, runs
 * Lighthouse 12 (desktop preset) in Debian's Chromium, and writes the scores, the measurements
 * behind them and the machine into docs/LIGHTHOUSE.md. `CHROMIUM_PATH` overrides
 * /usr/bin/chromium, as for the tests. Performance depends on the machine: it is recorded here, never asserted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { execFileSync } from 'node:child_process';
import lighthouse, { desktopConfig, type Result } from 'lighthouse';
import { format, resolveConfig } from 'prettier';
import { chromiumPath, launchChromiumForLighthouse } from '../test/e2e/support/browser.ts';
import { serveBuild } from '../test/e2e/support/server.ts';

const REPORT = 'docs/LIGHTHOUSE.md';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
] as const;

/** Runs Lighthouse's desktop preset on `url` in a fresh headless Chromium. */
export async function runLighthouse(url: string, categories: readonly string[] = CATEGORIES) {
  const chrome = await launchChromiumForLighthouse();
  try {
    const result = await lighthouse(
      url,
      { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...categories] },
      desktopConfig,
    );
    if (!result) throw new Error('Lighthouse returned no result.');
    return result.lhr;
  } finally {
    chrome.kill();
  }
}

/** A category's score out of 100. */
export function score(lhr: Result, category: string): number {
  return Math.round((lhr.categories[category]?.score ?? 0) * 100);
}

/** The audits of a category that did not fully pass, as "title (score)". */
function shortfalls(lhr: Result, category: string): string[] {
  return (lhr.categories[category]?.auditRefs ?? [])
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id])
    .filter((audit) => audit.score !== null && audit.score < 1)
    .map((audit) => `${audit.title} (${Math.round((audit.score ?? 0) * 100)})`);
}

/** The report: scores, metrics, what fell short, and where it was measured. */
function report(lhr: Result, load: number): string {
  const chromium = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim();
  const lighthouseVersion = JSON.parse(
    readFileSync('node_modules/lighthouse/package.json', 'utf8'),
  ).version;
  const rows = CATEGORIES.map((c) => `| ${lhr.categories[c]?.title ?? c} | ${score(lhr, c)} |`);
  const metrics = METRICS.map(
    (id) => `| ${lhr.audits[id].title} | ${lhr.audits[id].displayValue ?? ''} |`,
  );
  const short = CATEGORIES.flatMap((c) =>
    shortfalls(lhr, c).map((s) => `- ${lhr.categories[c]?.title}: ${s}`),
  );
  return `# Lighthouse

Measured by \`npm run lighthouse\` (scripts/lighthouse.ts): the production build served by
\`vite preview\` on loopback, Lighthouse's desktop preset, a fresh headless Chromium profile.
Performance depends on the machine and its load; accessibility and best practices do not, and
\`test/e2e/lighthouse.test.ts\` keeps both at 95 or more.

## Scores (${new Date().toISOString().slice(0, 10)})

| Category | Score |
| --- | ---: |
${rows.join('\n')}

| Metric | Value |
| --- | ---: |
${metrics.join('\n')}

## Not fully passed

${short.length ? short.join('\n') : 'Every scored audit passed.'}

## Machine

- CPU: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, no GPU; load average ${load.toFixed(1)} when it started
- Browser: ${chromium.split('\n')[0]} (headless)
- Lighthouse ${lighthouseVersion}, Node ${process.version}
- Date: ${lhr.fetchTime}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { server, baseUrl } = await serveBuild();
  try {
    const load = loadavg()[0];
    const lhr = await runLighthouse(baseUrl);
    const options = { ...(await resolveConfig(REPORT)), parser: 'markdown' };
    writeFileSync(REPORT, await format(report(lhr, load), options));
    for (const c of CATEGORIES) console.log(`${c}: ${score(lhr, c)}`);
    console.log(`Wrote ${REPORT}`);
  } finally {
    await server.close();
  }
}
