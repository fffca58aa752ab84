/**
 * <ms-camera> in Chromium with its fake camera: the camera is off after every way of leaving it
 * (Stop, the element removed, Switch), even when the browser answers after the person left, and
 * one request and one timer run at a time. `getUserMedia` is wrapped (support/media.ts) to see
 * every stream it gives and to hold its answer back, as a slow permission prompt would.
 */
import { describe, expect, it } from 'vitest';
import { commands, page } from 'vitest/browser';
import '../../src/ui/elements/ms-camera.ts';
import { watchCamera, watchIntervals } from './support/media.ts';
import { mount, recorder, sleep, until } from './support/mount.ts';

const startButton = () => page.getByRole('button', { name: 'Start camera' });
const stopButton = () => page.getByRole('button', { name: 'Stop camera' });
const video = () => page.getByLabelText('Camera view with a guide square');

/** A camera on the page whose reads are recorded and answered at once. */
async function camera() {
  const reads = recorder(async (image: ImageBitmap, signal: AbortSignal) => ({ image, signal }));
  const element = await mount('ms-camera', { read: reads.fn });
  return { element, reads };
}

/** Waits for the browser to answer (its promise chain) and the element to act on it. */
async function settle(element: HTMLElement & { updateComplete: Promise<boolean> }) {
  await sleep(50);
  await element.updateComplete;
}

describe('<ms-camera>', () => {
  it('starts, reads frames of the guide square, and is off after Stop', async () => {
    const media = watchCamera();
    const timers = watchIntervals();
    const { element, reads } = await camera();
    await startButton().click();
    await expect.element(video()).toBeVisible();
    await until(() => reads.calls.length >= 3, 'three frames read');
    const [image, signal] = reads.calls[0];
    expect(image).toBeInstanceOf(ImageBitmap);
    expect([image.width, image.height]).toEqual([224, 224]);
    expect(signal.aborted).toBe(false);
    expect(media.requests).toHaveLength(1);
    expect(media.liveTracks()).toHaveLength(1);
    await until(() => timers.active === 1, 'the rate timer');
    await expect.element(page.getByText(/readings per second/)).toBeVisible();

    await stopButton().click();
    await expect.element(startButton()).toBeVisible();
    expect(media.liveTracks()).toEqual([]);
    expect(timers.active).toBe(0);
    expect(signal.aborted).toBe(true);
    expect(video().query()).toBeNull();
    const count = reads.calls.length;
    await sleep(300);
    expect(reads.calls.length).toBe(count);
    expect(element.shadowRoot?.querySelector('[role=alert]')).toBeNull();
  });

  it('asks once for a double click on Start, and starts one timer', async () => {
    const media = watchCamera();
    const timers = watchIntervals();
    await camera();
    media.hold();
    await startButton().dblClick();
    await until(() => media.waiting === 1, 'the held answer');
    await expect.element(startButton()).toHaveAttribute('aria-disabled', 'true');
    await startButton().click({ force: true }); // a third click while waiting: still one request
    media.release();
    await expect.element(video()).toBeVisible();
    await until(() => timers.active > 0, 'the rate timer');
    await sleep(100);
    expect(media.requests).toHaveLength(1);
    expect(timers.active).toBe(1);
    await stopButton().click();
    expect(media.liveTracks()).toEqual([]);
    expect(timers.active).toBe(0);
  });

  it('acts once for a double click when the camera opens between its clicks, and on Stop', async () => {
    const media = watchCamera();
    const timers = watchIntervals();
    const { reads } = await camera();
    // The camera opens between the two clicks (a remembered permission answers fast): the
    // second click lands on the same button, now Stop, and must not stop it.
    media.hold();
    const box = startButton().element().getBoundingClientRect();
    const centre = [box.x + box.width / 2, box.y + box.height / 2] as const;
    await commands.clickAt(centre, 1);
    await until(() => media.waiting === 1, 'the held answer');
    media.release();
    await expect.element(stopButton()).toBeVisible();
    await commands.clickAt(centre, 2);
    await until(() => reads.calls.length > 0 && timers.active === 1, 'reading');
    expect(media.requests).toHaveLength(1);
    expect(media.liveTracks()).toHaveLength(1);
    // And a double click on Stop does not start it again.
    await stopButton().dblClick();
    await expect.element(startButton()).toBeVisible();
    await sleep(100);
    expect(media.requests).toHaveLength(1);
    expect(media.liveTracks()).toEqual([]);
    expect(timers.active).toBe(0);
  });

  it('stops a stream that arrives after the element left the page (tab switched while starting)', async () => {
    const media = watchCamera();
    const timers = watchIntervals();
    const { element, reads } = await camera();
    media.hold();
    await startButton().click();
    await until(() => media.waiting === 1, 'the held answer');
    expect(media.liveTracks()).toHaveLength(1); // the camera opened; the page does not know yet
    element.remove();
    media.release();
    await settle(element);
    expect(media.liveTracks()).toEqual([]);
    expect(timers.active).toBe(0);
    expect(reads.calls).toEqual([]);
  });

  it('stops a stream that arrives after Stop was pressed while starting, then starts again', async () => {
    const media = watchCamera();
    const timers = watchIntervals();
    const { element, reads } = await camera();
    media.hold();
    await startButton().click();
    await until(() => media.waiting === 1, 'the held answer');
    await stopButton().click();
    // The request is still out: Start waits for it rather than asking a second time.
    await expect.element(startButton()).toHaveAttribute('aria-disabled', 'true');
    await startButton().click({ force: true });
    expect(media.requests).toHaveLength(1);
    media.release();
    await settle(element);
    expect(media.liveTracks()).toEqual([]);
    expect(timers.active).toBe(0);
    expect(reads.calls).toEqual([]);
    expect(video().query()).toBeNull();
    await expect.element(startButton()).not.toHaveAttribute('aria-disabled');

    await startButton().click();
    await until(() => reads.calls.length > 0, 'a frame read');
    expect(media.requests).toHaveLength(2);
    expect(media.liveTracks()).toHaveLength(1);
    await stopButton().click();
    expect(media.liveTracks()).toEqual([]);
  });

  it('is off, reads nothing more and clears its timer when it leaves the page while live', async () => {
    const media = watchCamera();
    const timers = watchIntervals();
    const { element, reads } = await camera();
    await startButton().click();
    await until(() => reads.calls.length >= 2 && timers.active === 1, 'frames and the timer');
    element.remove();
    const count = reads.calls.length;
    expect(media.liveTracks()).toEqual([]);
    expect(timers.active).toBe(0);
    expect(reads.calls.at(-1)?.[1].aborted).toBe(true);
    await sleep(500);
    expect(reads.calls.length).toBe(count);
  });

  it('Freeze stops reading until Unfreeze, and tells its owner a frozen frame is shown', async () => {
    watchCamera();
    const { reads, element } = await camera();
    const frozen: boolean[] = [];
    element.addEventListener('ms-camera-frozen', (event) => frozen.push(event.detail));
    await startButton().click();
    await until(() => reads.calls.length >= 2, 'frames read');
    await page.getByRole('button', { name: 'Freeze' }).click();
    await expect.element(page.getByText('Frozen: the last frame stays read.')).toBeVisible();
    await sleep(100); // a reading under way when Freeze was pressed may still finish
    const count = reads.calls.length;
    await sleep(300);
    expect(reads.calls.length).toBe(count);
    expect(frozen).toEqual([true]);
    await page.getByRole('button', { name: 'Unfreeze' }).click();
    await until(() => reads.calls.length > count + 2, 'frames read again');
    expect(frozen).toEqual([true, false]);
    await page.getByRole('button', { name: 'Freeze' }).click();
    await stopButton().click(); // a camera turned off shows no frozen frame
    await until(() => frozen.length === 4, 'the stop told');
    expect(frozen).toEqual([true, false, true, false]);
  });

  it('Switch camera turns the first camera off before asking for the other', async () => {
    const media = watchCamera();
    const timers = watchIntervals();
    const { reads } = await camera();
    await startButton().click();
    await until(() => reads.calls.length > 0, 'a frame read');
    // Chromium's fake device offers two cameras (device-count=2 in vite.config.ts).
    await page.getByRole('button', { name: 'Switch camera' }).click();
    await until(
      () => media.requests.length === 2 && !!media.requests[1].stream,
      'the second camera',
    );
    const [first, second] = media.requests;
    expect(first.stream?.getTracks().map((t) => t.readyState)).toEqual(['ended']);
    await until(
      () => reads.calls.at(-1)?.[1].aborted === false && timers.active === 1,
      'reading again',
    );
    expect(second.stream?.getTracks().map((t) => t.readyState)).toEqual(['live']);
    expect(timers.active).toBe(1);
    await stopButton().click();
    expect(media.liveTracks()).toEqual([]);
    expect(timers.active).toBe(0);
  });

  it('says so when the camera is refused, and can be started again', async () => {
    const media = watchCamera({ refuse: 'NotAllowedError' });
    await camera();
    await startButton().click();
    await expect.element(page.getByRole('alert')).toHaveTextContent(/Camera access was denied/);
    await expect.element(startButton()).not.toHaveAttribute('aria-disabled');
    expect(media.liveTracks()).toEqual([]);
  });
});
