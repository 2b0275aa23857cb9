/**
 * A minimal Server-Sent Events reader (the WHATWG "event stream interpretation"
 * for what the widget needs: `event`, multi-line `data`, comments, and LF, CR or
 * CRLF line ends). `id` and `retry` are not needed: the widget re-reads the
 * current state on reconnect.
 * @module
 */

/** Receives each dispatched event: its type (`message` when unnamed) and its data. */
export type SseListener = (event: string, data: string) => void;

/**
 * Returns a `feed(chunk)` function; decoded text may be split anywhere across chunks.
 * @example
 * const feed = createSseReader((type, data) => console.log(type, data));
 * feed('event: onboarding\ndata: {"id":"1"}\n\n');
 */
export function createSseReader(listener: SseListener): (chunk: string) => void {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let first = true;
  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) listener(event || 'message', data.join('\n'));
      event = '';
      data = [];
      return;
    }
    const colon = text.indexOf(':');
    if (colon === 0) return;
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  return (chunk) => {
    buffer += chunk;
    if (first && buffer.length > 0) {
      first = false;
      if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
    }
    // A trailing CR may be the first half of a CRLF: keep it for the next chunk.
    const pattern = /\r\n|\r(?=[^\n])|\n/g;
    let start = 0;
    for (let match = pattern.exec(buffer); match; match = pattern.exec(buffer)) {
      line(buffer.slice(start, match.index));
      start = match.index + match[0].length;
    }
    buffer = buffer.slice(start);
  };
}
