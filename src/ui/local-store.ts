/** `localStorage`, or `undefined` where reading it throws (sandboxed frames, some privacy modes). */
export function localStore(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
