/** The HTTP service: requests in, answers with citations out. */

export { type App, createApp } from './app.ts';
export type { AppDeps } from './app-env.ts';
