/**
 * Issue 13 as a person sees it in Firefox ESR and WebKitGTK: the training form with Advanced
 * settings open, then a seeded Fast run and its Repeat compared in the history, at desktop
 * (1280 × 900) and phone (360 × 740) size. Usage: `npx vite build && npx tsx
 * test/engines/recipes-screenshots.ts [out-dir]` (default /tmp); writes
 * `<engine>-<size>-{form,compare}.png`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveBuild } from '../e2e/support/server.ts';
import { launchEngine, type EngineName, type EngineSession } from './support/engines.ts';
import { inPage, OPEN_DETAILS } from './support/in-page.ts';
import { downloadMnist, openApp, seededRunAndRepeat } from './support/journey.ts';

const out = process.argv[2] ?? '/tmp';

/** Scrolls the first element named by `args[0]` (a tag inside the app) to the top. */
const SCROLL_TO = inPage(String.raw`
  const element = __ms.all().find((e) => e.localName === args[0]);
  if (!element) return false;
  element.scrollIntoView({ block: 'start' });
  return true;
`);

/** Ticks the Compare box of every run in the history. */
const COMPARE_ALL = inPage(String.raw`
  const boxes = __ms.all().filter(
    (e) => e.localName === 'input' && e.type === 'checkbox' && e.closest('tr[data-run]'));
  for (const box of boxes) if (!box.checked && !box.disabled) box.click();
  return boxes.length;
`);

async function shoot(session: EngineSession, name: string, what: string): Promise<void> {
  for (const [label, width, height] of [
    ['desktop', 1280, 900],
    ['phone', 360, 740],
  ] as const) {
    await session.screenshot(width, height); // resize first, then let the layout settle
    await new Promise((resolve) => setTimeout(resolve, 500));
    await session.run<boolean>(SCROLL_TO, [what === 'form' ? 'ms-train-panel' : 'ms-run-history']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const path = join(out, `${name}-${label}-${what}.png`);
    writeFileSync(path, await session.screenshot(width, height));
    console.log(`${session.version}: ${path}`);
  }
}

const { server, baseUrl } = await serveBuild();
try {
  for (const name of ['firefox', 'webkit'] as EngineName[]) {
    const session = await launchEngine(name, { lang: 'en_US.UTF-8' });
    try {
      await openApp(session, baseUrl, 90_000);
      await downloadMnist(session);
      const [first, again] = await seededRunAndRepeat(session, 7);
      console.log(
        `${name}: seed ${first.seed} twice: ${first.testAccuracy} and ${again.testAccuracy}`,
      );
      await session.run<number>(OPEN_DETAILS);
      await shoot(session, name, 'form');
      await session.run<number>(COMPARE_ALL);
      await shoot(session, name, 'compare');
    } finally {
      await session.close();
    }
  }
} finally {
  await server.close();
}
