/**
 * The training form as a person sets it up for the bigger convnet, in Firefox ESR and
 * WebKitGTK: model `big`, recipe Long (its settings under the recipe), at desktop (1280 × 900)
 * and phone (360 × 740) size, then with Advanced settings open and "Augment like photos" ticked.
 * Usage: `npx vite build && npx tsx
 * test/engines/train-form-screenshots.ts [out-dir]` (default /tmp); writes
 * `<engine>-train-{long,augment}-{desktop,phone}.png`.
 */
import { join } from 'node:path';
import { CHOOSE_MODEL, OPEN_DETAILS } from './support/in-page.ts';
import { click, setValue, until } from './support/journey.ts';
import { lookInEachEngine, shoot } from './support/shots.ts';

const out = process.argv[2] ?? '/tmp';

await lookInEachEngine(async (session, name) => {
  await until('model big', () => session.run<boolean>(CHOOSE_MODEL, ['big']), 30_000);
  await setValue(session, 'select', 'Recipe', 'long');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await shoot(session, join(out, `${name}-train-long`), 'ms-train-panel');
  // Advanced settings open, with "Augment like photos" ticked.
  await session.run<number>(OPEN_DETAILS);
  await click(session, 'input', 'Augment like photos');
  await new Promise((resolve) => setTimeout(resolve, 500));
  await shoot(session, join(out, `${name}-train-augment`), 'ms-train-panel');
});
