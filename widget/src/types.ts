/** The service's answers as the widget receives them: the shared answer types plus the turn's ids. */
import type { Answer, Citation, Contact } from '../../src/answer/types.ts';

export type { Citation, Contact };

/** `related` is optional: a service older than the widget does not send it. */
export interface ChatResponse extends Omit<Answer, 'related'> {
  related?: Citation[];
  conversationId: string;
  answerId: string;
}

export type Rating = 'up' | 'down';

/** One turn shown in the panel, as kept in sessionStorage. */
export type Message =
  | { role: 'user'; text: string }
  | {
      role: 'assistant';
      text: string;
      declined: boolean;
      citations: Citation[];
      /** With a decline: documents to look at, shown apart from any source. */
      related?: Citation[];
      /** With a decline: who to ask, as the service sends it (its text names them too). */
      contact?: Contact;
      answerId: string;
      rating?: Rating;
    }
  | { role: 'error'; text: string };
