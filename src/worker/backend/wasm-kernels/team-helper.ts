/**
 * A helper thread for our SIMD kernels (see ./team-protocol.ts): a module worker the training
 * worker starts; its first message starts it, and from then on it only serves kernel calls.
 */
import { serveKernels, type HelperStart } from './team-protocol.ts';

self.addEventListener('message', (event: MessageEvent<HelperStart>) => serveKernels(event.data), {
  once: true,
});
