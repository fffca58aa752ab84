/** Screenshots of one part of the app at desktop and phone size, for the engines' look scripts. */
import { writeFileSync } from 'node:fs';
import { serveBuild } from '../../e2e/support/server.ts';
import { launchEngine, type EngineName, type EngineSession } from './engines.ts';
import { openApp } from './journey.ts';
import { inPage } from './in-page.ts';

/** Scrolls the first element named by `args[0]` (a tag inside the app) to the top. */
export const SCROLL_TO = inPage(String.raw`
  const element = __ms.all().find((e) => e.localName === args[0]);
  if (!element) return false;
  element.scrollIntoView({ block: 'start' });
  return true;
`);

/**
 * Shoots `tag` scrolled to the top at 1280 × 900 and 360 × 740, as `<prefix>-desktop.png` and
 * `<prefix>-phone.png`.
 */
export async function shoot(session: EngineSession, prefix: string, tag: string): Promise<void> {
  for (const [label, width, height] of [
    ['desktop', 1280, 900],
    ['phone', 360, 740],
  ] as const) {
    await session.screenshot(width, height); // resize first, then let the layout settle
    await new Promise((resolve) => setTimeout(resolve, 500));
    await session.run<boolean>(SCROLL_TO, [tag]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const path = `${prefix}-${label}.png`;
    writeFileSync(path, await session.screenshot(width, height));
    console.log(`${session.version}: ${path}`);
  }
}

/**
 * Serves the production build and runs `look` in Firefox ESR, then WebKitGTK (English, a fresh
 * profile each, the app open and ready).
 */
export async function lookInEachEngine(
  look: (session: EngineSession, name: EngineName) => Promise<void>,
): Promise<void> {
  const { server, baseUrl } = await serveBuild();
  try {
    for (const name of ['firefox', 'webkit'] as EngineName[]) {
      const session = await launchEngine(name, { lang: 'en_US.UTF-8' });
      try {
        await openApp(session, baseUrl, 90_000);
        await look(session, name);
      } finally {
        await session.close();
      }
    }
  } finally {
    await server.close();
  }
}
