/**
 * Issue 16 as a person sees it in Firefox ESR and WebKitGTK: My digits after keeping a drawn 1
 * and importing 60 digits of another hand (the collection by digit), and after Learn my
 * handwriting (the before → after table and the run history's row), at desktop (1280 × 900)
 * and phone (360 × 740) size. Usage: `npx vite build && npx tsx
 * test/engines/my-digits-screenshots.ts [out-dir]` (default /tmp); writes
 * `<engine>-{my-digits,learned,history}-<size>.png`.
 */
import { join } from 'node:path';
import { otherHandSet } from '../../scripts/lib/other-hand.ts';
import { encodeDigitsPng } from '../../src/shared/personal-files.ts';
import { click, downloadMnist, drawOne, learnMyDigits } from './support/journey.ts';
import { lookInEachEngine, shoot } from './support/shots.ts';

const out = process.argv[2] ?? '/tmp';
const digits = otherHandSet(60, 16_000).map((digit) => ({
  ...digit,
  source: 'import' as const,
  createdAt: Date.UTC(2026, 11, 3),
}));
const png = (await encodeDigitsPng(digits)).bytes;

await lookInEachEngine(async (session, name) => {
  await drawOne(session);
  await downloadMnist(session);
  const learned = await learnMyDigits(session, png, digits.length);
  console.log(`${name}: learned`, learned);
  await shoot(session, join(out, `${name}-learned`), 'ms-my-digits');
  await shoot(session, join(out, `${name}-history`), 'ms-run-history');
  await click(session, 'button', 'Manage');
  await shoot(session, join(out, `${name}-my-digits`), 'ms-my-digits');
});
