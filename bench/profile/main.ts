/**
 * The bench's profile page: runs the measurement the URL asks for in a worker (`?request=` JSON
 * of a `ProfileRequest`) and leaves the result in `window.profileResult` for Playwright.
 */
import * as Comlink from 'comlink';
import type { ProfileApi } from './worker.ts';
import type { ProfileRequest, ProfileResult } from './protocol.ts';

declare global {
  interface Window {
    profileResult?: ProfileResult | { error: string };
  }
}

const request = JSON.parse(
  new URLSearchParams(location.search).get('request') ?? '{}',
) as ProfileRequest;
const worker = Comlink.wrap<ProfileApi>(
  new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
);
const out = document.getElementById('out') as HTMLElement;
worker
  .profile(request)
  .then((result) => {
    window.profileResult = result;
  })
  .catch((error: unknown) => {
    window.profileResult = { error: String(error) };
  })
  .finally(() => {
    out.textContent = JSON.stringify(window.profileResult, null, 2);
  });
