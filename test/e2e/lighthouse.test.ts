/**
 * Lighthouse's desktop preset on the production build: accessibility and best practices stay at
 * 95 or more (they do not depend on the machine's speed; performance does, so `npm run
 * lighthouse` records it in docs/LIGHTHOUSE.md instead of a test asserting it).
 */
import { describe, expect, inject, it } from 'vitest';
import { runLighthouse, score } from '../../scripts/lighthouse.ts';

const baseUrl = inject('baseUrl');

describe('Lighthouse', () => {
  it('scores accessibility and best practices at 95 or more', async () => {
    const lhr = await runLighthouse(baseUrl, ['accessibility', 'best-practices']);
    const failed = Object.values(lhr.audits)
      .filter(
        (audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary',
      )
      .map((audit) => audit.title);
    expect(score(lhr, 'accessibility'), failed.join('; ')).toBeGreaterThanOrEqual(95);
    expect(score(lhr, 'best-practices'), failed.join('; ')).toBeGreaterThanOrEqual(95);
  });
});
