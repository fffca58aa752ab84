// Scratch (not committed): N first visits in one engine, each ready or not within LIMIT s.
import { serveBuild } from '../e2e/support/server.ts';
import { launchEngine, type EngineName } from './support/engines.ts';
import { openApp, pageFacts } from './support/journey.ts';
import { PAGE_TEXT } from './support/in-page.ts';
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
    results.push(`${o.backend}/${f.startMode}/t${f.threads}@${o.seconds}`);
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
  await s.close();
}
console.log(results.join(' '));
await server.close();
