/** The service's answers as the widget receives them: the shared answer types plus the turn's ids. */
import type { Answer, Citation } from '../../src/answer/types.ts';

export type { Citation };

export interface ChatResponse extends Answer {
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
      answerId: string;
      rating?: Rating;
    }
  | { role: 'error'; text: string };
