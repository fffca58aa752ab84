/**
 * Serves the production build (made by `vite build` before the browser tests) and hands its
 * URL to the tests.
 */
import type { TestProject } from 'vitest/node';
import { serveBuild } from './support/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { server, baseUrl } = await serveBuild();
  project.provide('baseUrl', baseUrl);
  return async () => {
    await server.close();
  };
}
