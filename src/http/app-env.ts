/** What every route may read from the request context, and what the app is built from. */
import type { HttpBindings } from '@hono/node-server';
import type { Logger } from 'pino';
import type { AssistantService } from '../assistant/types.ts';
import type { Config } from '../config.ts';
import type { Store } from '../store/index.ts';

export interface AppEnv {
  /** Absent under `app.request(...)` in tests: read them defensively. */
  Bindings: Partial<HttpBindings>;
  Variables: {
    requestId: string;
    /** HMAC of the client address: the only form in which the address leaves the socket. */
    clientKey: string;
    /** Set by the chat routes so the request log can join a request to its stored turn. */
    conversationId?: string;
    answerId?: string;
  };
}

export interface AppDeps {
  config: Config;
  /** The service, or a getter while it is still loading (`undefined` until then). */
  assistant: AssistantService | (() => AssistantService | undefined);
  store: Store;
  logger: Logger;
  /** Where `dist/widget.js` and `demo.html` are read from; the repository's `widget/` by default. */
  widgetDir?: string;
}
