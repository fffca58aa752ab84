/**
 * Counts starts: `npx tsx test/engines/starts-probe.ts <firefox|webkit> <starts> <limit s>` opens
 * the production build in that many fresh profiles and prints, for each, the backend, the start
 * mode (`single` means the threaded start hung and the page stepped down), the seconds to a
 * ready page, and whether the data card then offers the download (`NO-DATA` if not in 30 s). PHASES=1 prints the start-up phases an instrumented build posts (see the report
 * of issue 18). Needs `vite build` first and the browser lock.
 */
import { serveBuild } from '../e2e/support/server.ts';
import { launchEngine, type EngineName } from './support/engines.ts';
import { openApp, pageFacts, until } from './support/journey.ts';
import { CONTROL_READY, PAGE_TEXT } from './support/in-page.ts';
const engine = (process.argv[2] ?? 'firefox') as EngineName;
const n = Number(process.argv[3] ?? 10);
const limit = Number(process.argv[4] ?? 40) * 1000;
const { server, baseUrl } = await serveBuild();
const results: string[] = [];
for (let i = 0; i < n; i++) {
  const s = await launchEngine(engine, { lang: process.env.ENGINE_LANG });
  try {
    const o = await openApp(s, baseUrl, limit);
    const f = await pageFacts(s);
    // The data card offers the download once the worker has read IndexedDB (after a start that
    // hung and stepped down, it once never did: the new worker's open waited behind the old one).
    const data = await until(
      'the data card',
      () => s.run<boolean>(CONTROL_READY, ['button', 'Download MNIST']),
      30_000,
    ).then(
      () => 'data',
      () => 'NO-DATA',
    );
    results.push(`${o.backend}/${f.startMode}/t${f.threads}@${o.seconds}/${data}`);
  } catch (e) {
    const text = await s.run<string>(PAGE_TEXT).catch(() => '?');
    results.push(`HUNG`);
    console.log(
      'hung:',
      String(e).slice(0, 100),
      text.slice(0, 300),
      await pageFacts(s).catch(() => ''),
    );
  }
  console.log(i, results.at(-1));
  if (process.env.PHASES)
    console.log((await s.run<string[]>('return globalThis.__phases ?? []')).join('\n'));
  await s.close();
}
console.log(results.join(' '));
await server.close();
