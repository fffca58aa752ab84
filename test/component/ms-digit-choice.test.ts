/**
 * <ms-digit-choice> in Chromium: one Tab stop, arrow keys (by one, by a row of five, wrapping),
 * Home and End move the focus without pressing; Enter and Space press; a toggling choice shows
 * the chosen digit pressed and Tab lands on it.
 */
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../../src/ui/elements/ms-digit-choice.ts';
import { focused, mount } from './support/mount.ts';

/** The digit of the focused button, or undefined. */
const focusedDigit = () => (focused() as HTMLElement | null)?.dataset.digit;

describe('ms-digit-choice', () => {
  it('is one Tab stop whose arrow keys move and whose Enter and Space press', async () => {
    const el = await mount('ms-digit-choice', { label: 'It’s a …' });
    const pressed: number[] = [];
    el.addEventListener('ms-digit-choose', (event) => pressed.push(event.detail));
    const before = document.createElement('button');
    document.body.prepend(before);
    before.focus();
    await userEvent.tab();
    expect(focusedDigit()).toBe('0');
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(focusedDigit()).toBe('2');
    await userEvent.keyboard('{ArrowDown}');
    expect(focusedDigit()).toBe('7');
    await userEvent.keyboard('{ArrowDown}'); // wraps to the first row
    expect(focusedDigit()).toBe('2');
    await userEvent.keyboard('{End}');
    expect(focusedDigit()).toBe('9');
    await userEvent.keyboard('{ArrowRight}');
    expect(focusedDigit()).toBe('0');
    expect(pressed).toEqual([]); // moving presses nothing
    await userEvent.keyboard('{ArrowLeft}{Enter}');
    await userEvent.keyboard('{Home} ');
    expect(pressed).toEqual([9, 0]);
    await userEvent.tab();
    expect(focused()?.closest?.('ms-digit-choice')).toBeFalsy(); // one Tab leaves the toolbar
    before.remove();
  });

  it('shows the chosen digit pressed when it toggles, and Tab lands on it', async () => {
    const el = await mount('ms-digit-choice', { label: 'Practise', toggles: true, selected: 6 });
    const buttons = [...el.shadowRoot!.querySelectorAll('button')];
    expect(buttons.map((b) => b.getAttribute('aria-pressed'))).toEqual(
      Array.from({ length: 10 }, (_, d) => String(d === 6)),
    );
    expect(buttons.map((b) => b.tabIndex).indexOf(0)).toBe(6);
  });
});
