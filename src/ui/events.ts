/**
 * Typed intent events. Each element declares the events it sends in `GlobalEventHandlersEventMap`
 * (next to the element); `emit` only accepts those names and their detail types, and always
 * sends events that bubble and cross shadow roots, so `<ms-app>` hears them wherever they start.
 */

/** The app's own event names (`ms-…`) as declared in `GlobalEventHandlersEventMap`. */
export type StudioEventName = Extract<keyof GlobalEventHandlersEventMap, `ms-${string}`>;

/** The `detail` type of one of the app's events. */
export type StudioEventDetail<K extends StudioEventName> =
  GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Dispatches a bubbling, composed `CustomEvent` from `target`; returns `dispatchEvent`'s answer. */
export function emit<K extends StudioEventName>(
  target: EventTarget,
  type: K,
  ...[detail]: StudioEventDetail<K> extends undefined ? [] : [StudioEventDetail<K>]
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
