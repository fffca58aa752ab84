/**
 * <ms-fine-tune> in Chromium: Start is unavailable, with the reason said, under
 * MIN_PERSONAL_DIGITS digits, without MNIST, or while another job runs; it sends the options
 * chosen; a running fine-tune says what it does ("Measuring before…", epoch x of n) with Pause
 * and Stop; the outcome is a before → after table in percent with the change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import {
  MIN_PERSONAL_DIGITS,
  type FineTuneConfig,
  type FineTuneOutcome,
} from '../../src/shared/personal.ts';
import '../../src/ui/elements/ms-fine-tune.ts';
import { mount } from './support/mount.ts';

const outcome: FineTuneOutcome = {
  runId: 7,
  record: {
    from: 'conv',
    freezeConv: false,
    replay: 3,
    trainDigits: 120,
    heldOutIds: Array.from({ length: 32 }, (_, i) => i + 1),
    before: { personal: 0.8125, mnist: 0.9912, right: [] },
    after: { personal: 0.96875, mnist: 0.9894, right: [] },
  },
};

const sent: Partial<FineTuneConfig>[] = [];
const listener = (event: Event) => sent.push((event as CustomEvent).detail);
document.addEventListener('ms-fine-tune', listener);
afterEach(() => {
  sent.length = 0;
});

const start = () => page.getByRole('button', { name: 'Start learning' });

describe('ms-fine-tune', () => {
  it('keeps Start unavailable, saying why, under the fewest digits it needs', async () => {
    const el = await mount('ms-fine-tune', { total: MIN_PERSONAL_DIGITS - 1, dataReady: true });
    await expect.element(start()).toBeDisabled();
    await expect
      .element(start())
      .toHaveAccessibleDescription(
        `Keep at least ${MIN_PERSONAL_DIGITS} digits first (you have ${MIN_PERSONAL_DIGITS - 1}).`,
      );
    el.total = MIN_PERSONAL_DIGITS;
    await expect.element(start()).toBeEnabled();
    el.dataReady = false;
    await expect.element(start()).toBeDisabled();
    await expect.element(page.getByText('Download MNIST first')).toBeInTheDocument();
    el.dataReady = true;
    el.busy = 'Wait for the current task to finish.';
    await expect.element(start()).toBeDisabled();
    await expect
      .element(start())
      .toHaveAccessibleDescription('Wait for the current task to finish.');
  });

  it('sends the options chosen', async () => {
    await mount('ms-fine-tune', { total: 200, dataReady: true });
    await page.getByLabelText('Epochs').fill('8');
    await page.getByLabelText('Train only the dense layers (keep the conv filters)').click();
    await start().click();
    expect(sent).toEqual([{ epochs: 8, freezeConv: true }]);
  });

  it('says what a running fine-tune does, with Pause and Stop', async () => {
    const el = await mount('ms-fine-tune', { total: 200, dataReady: true, running: true });
    await expect.element(page.getByRole('status')).toHaveTextContent('Measuring before…');
    await expect.element(page.getByRole('button', { name: 'Pause' })).toBeDisabled();
    el.progress = {
      phase: 'training',
      epoch: 2,
      epochs: 5,
      batch: 3,
      batchesPerEpoch: 15,
      before: outcome.record.before,
    };
    await expect.element(page.getByRole('status')).toHaveTextContent(/Learning.*2.*5/);
    await expect.element(page.getByRole('button', { name: 'Pause' })).toBeEnabled();
    await expect.element(page.getByRole('button', { name: 'Stop' })).toBeEnabled();
    await expect.element(start()).toBeDisabled();
    el.progress = { ...el.progress, phase: 'measuring' };
    await expect.element(page.getByRole('status')).toHaveTextContent('Measuring after…');
  });

  it('shows the held-out digits and MNIST before → after, in percent with the change', async () => {
    await mount('ms-fine-tune', { total: 160, dataReady: true, outcome });
    const table = page.getByRole('table', {
      name: 'Accuracy before and after learning your handwriting',
    });
    const rows = table
      .getByRole('row')
      .elements()
      .map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual([
      'Images Before After Change (points)',
      'Your held-out digits (32) 81.3% 96.9% +15.6',
      'MNIST test images (10,000) 99.1% 98.9% -0.2',
    ]);
    await expect
      .element(page.getByText('The new model is in use now. Save it under Models to keep it.'))
      .toBeInTheDocument();
  });
});
