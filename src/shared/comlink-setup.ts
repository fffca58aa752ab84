/**
 * What both sides of the worker seam teach Comlink, imported once by the worker's entry and by
 * the worker client:
 * - errors keep their `code` and `params` (Comlink's own handler sends only name, message and
 *   stack), so the UI can word them in the page's language;
 * - an `AbortSignal` passed as an argument arrives in the worker as a live signal of its own,
 *   aborted when the page's is (through a `MessagePort`), so every long call can be cancelled.
 */
import * as Comlink from 'comlink';

/** Whether `value` is an `Error` we should keep more of than Comlink does. */
const isError = (value: unknown): value is Error & { code?: unknown; params?: unknown } =>
  value instanceof Error;

/** Comlink's own handler, which recognises a thrown value. */
const comlinkThrow = Comlink.transferHandlers.get('throw') as Comlink.TransferHandler<
  unknown,
  unknown
>;

const throwHandler: Comlink.TransferHandler<{ value: unknown }, unknown> = {
  canHandle: (value): value is { value: unknown } => comlinkThrow.canHandle(value),
  serialize({ value }) {
    if (!isError(value)) return [{ isError: false, value }, []];
    const { message, name, stack, code, params } = value;
    return [{ isError: true, value: { message, name, stack, code, params } }, []];
  },
  deserialize(serialized) {
    const { isError: wasError, value } = serialized as { isError: boolean; value: unknown };
    if (wasError) {
      const fields = value as { message: string };
      throw Object.assign(new Error(fields.message), fields);
    }
    throw value;
  },
};

const abortSignalHandler: Comlink.TransferHandler<AbortSignal, MessagePort> = {
  canHandle: (value): value is AbortSignal =>
    typeof AbortSignal !== 'undefined' && value instanceof AbortSignal,
  serialize(signal) {
    const { port1, port2 } = new MessageChannel();
    const abort = () => {
      port1.postMessage('abort');
      port1.close();
    };
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    return [port2, [port2]];
  },
  deserialize(port) {
    const controller = new AbortController();
    port.onmessage = () => {
      controller.abort();
      port.close();
    };
    return controller.signal;
  },
};

let installed = false;

/** Registers the handlers (idempotent). */
export function setUpComlink(): void {
  if (installed) return;
  installed = true;
  Comlink.transferHandlers.set('throw', throwHandler);
  Comlink.transferHandlers.set('abortSignal', abortSignalHandler);
}
