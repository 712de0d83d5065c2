/**
 * A small Server-Sent Events parser for `fetch` streams (EventSource cannot POST). Follows the
 * HTML spec's field rules: `event:`, `data:` (joined with newlines), comments, blank line = dispatch.
 */

export interface SseEvent {
  event: string;
  data: string;
}

export function createSseParser(): (chunk: string) => SseEvent[] {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const out: SseEvent[] = [];
    const lines = buffer.split(/\r\n|\r|\n/);
    // The last piece may be a partial line: keep it for the next chunk.
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0) out.push({ event: event || 'message', data: data.join('\n') });
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    return out;
  };
}
