/** A helper thread for our SIMD kernels in Node (a worker thread), as team-helper.ts is in a page. */
import { parentPort } from 'node:worker_threads';
import {
  serveKernels,
  type HelperStart,
} from '../../../src/worker/backend/wasm-kernels/team-protocol.ts';

parentPort?.once('message', (start: HelperStart) => serveKernels(start));
