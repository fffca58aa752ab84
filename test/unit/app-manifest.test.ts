/**
 * The web app manifest's images exist in public/ with the sizes it claims (an install dialog
 * rejects a screenshot whose size is wrong), and stay small; the Content Security Policy names
 * no other origin.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES } from '../../scripts/vite-plugin-csp.ts';
import { APP_MANIFEST } from '../../scripts/vite-plugin-pwa-config.ts';

/** A PNG's width × height, from its IHDR chunk (bytes 16–23, big-endian). */
function pngSize(file: string): string {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

describe('web app manifest', () => {
  const icons = APP_MANIFEST.icons ?? [];
  const screenshots = APP_MANIFEST.screenshots ?? [];

  it('has icons of 192 and 512 px for any use and a separate maskable one', () => {
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
  });

  it('has a wide and a narrow screenshot', () => {
    expect(screenshots.map((s) => s.form_factor)).toEqual(['wide', 'narrow']);
  });

  it('points at PNG files of the sizes it claims, each small', () => {
    for (const image of [...icons, ...screenshots]) {
      const file = `public/${image.src}`;
      expect(pngSize(file), file).toBe(image.sizes);
      const limit = image.src.startsWith('screenshots/') ? 300_000 : 20_000;
      expect(statSync(file).size, file).toBeLessThan(limit);
    }
    expect(pngSize('public/icons/apple-touch-icon.png')).toBe('180x180');
  });

  it('uses relative URLs, so the app also works from a sub-path', () => {
    expect(APP_MANIFEST.start_url).toBe('./');
    expect(APP_MANIFEST.scope).toBe('./');
    for (const image of [...icons, ...screenshots]) expect(image.src).not.toMatch(/^\//);
  });
});

describe('Content Security Policy', () => {
  it("allows nothing but the app's own origin (and the person's own chosen image as blob:)", () => {
    const sources = new Set(Object.values(CSP_DIRECTIVES).flat());
    expect(sources).toEqual(new Set(["'self'", "'none'", 'blob:']));
    // blob: only for images: the preview of a file the person chose to read.
    const withBlob = Object.entries(CSP_DIRECTIVES).filter(([, v]) => v.includes('blob:'));
    expect(withBlob.map(([k]) => k)).toEqual(['img-src']);
    expect(CSP_DIRECTIVES['object-src']).toEqual(["'none'"]);
  });
});
