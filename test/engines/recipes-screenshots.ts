/**
 * Issue 13 as a person sees it in Firefox ESR and WebKitGTK: the training form with Advanced
 * settings open, then a seeded Fast run and its Repeat compared in the history, at desktop
 * (1280 × 900) and phone (360 × 740) size. Usage: `npx vite build && npx tsx
 * test/engines/recipes-screenshots.ts [out-dir]` (default /tmp); writes
 * `<engine>-{form,compare}-<size>.png`.
 */
import { join } from 'node:path';
import { inPage, OPEN_DETAILS } from './support/in-page.ts';
import { downloadMnist, seededRunAndRepeat } from './support/journey.ts';
import { lookInEachEngine, shoot } from './support/shots.ts';

const out = process.argv[2] ?? '/tmp';

/** Ticks the Compare box of every run in the history. */
const COMPARE_ALL = inPage(String.raw`
  const boxes = __ms.all().filter(
    (e) => e.localName === 'input' && e.type === 'checkbox' && e.closest('tr[data-run]'));
  for (const box of boxes) if (!box.checked && !box.disabled) box.click();
  return boxes.length;
`);

await lookInEachEngine(async (session, name) => {
  await downloadMnist(session);
  const [first, again] = await seededRunAndRepeat(session, 7);
  console.log(`${name}: seed ${first.seed} twice: ${first.testAccuracy} and ${again.testAccuracy}`);
  await session.run<number>(OPEN_DETAILS);
  await shoot(session, join(out, `${name}-form`), 'ms-train-panel');
  await session.run<number>(COMPARE_ALL);
  await shoot(session, join(out, `${name}-compare`), 'ms-run-history');
});
