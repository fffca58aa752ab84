/**
 * A look at the app in Firefox ESR and WebKitGTK, as a person opens it: desktop (1280 × 900)
 * and phone (360 × 740) screenshots of the production build, once the worker has started.
 * Usage: `npx vite build && npx tsx test/engines/screenshots.ts [out-dir]` (default /tmp).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveBuild } from '../e2e/support/server.ts';
import { launchEngine, type EngineName } from './support/engines.ts';

const out = process.argv[2] ?? '/tmp';
const { server, baseUrl } = await serveBuild();
try {
  for (const name of ['firefox', 'webkit'] as EngineName[]) {
    const session = await launchEngine(name, { lang: 'en_US.UTF-8' });
    try {
      await session.goto(baseUrl);
      // Ready when the header names a backend.
      for (let i = 0; i < 120; i++) {
        const text = await session.run<string>('return document.body.innerText ?? "";');
        const header = await session.run<string>(
          'return document.querySelector("ms-app")?.shadowRoot?.querySelector("ms-app-header")?.shadowRoot?.textContent ?? "";',
        );
        if (/Backend: (WASM|WebGL|CPU)/.test(header + text)) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      for (const [label, width, height] of [
        ['desktop', 1280, 900],
        ['phone', 360, 740],
      ] as const) {
        const path = join(out, `${name}-${label}.png`);
        writeFileSync(path, await session.screenshot(width, height));
        console.log(`${session.version}: ${path}`);
      }
    } finally {
      await session.close();
    }
  }
} finally {
  await server.close();
}
