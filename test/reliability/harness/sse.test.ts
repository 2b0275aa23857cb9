import { describe, expect, test } from 'vitest';
import { SseParser } from './sse.js';

describe('SSE parser', () => {
  test('frames split across chunks, comments and CRLF line ends', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\n\nevent: onboarding\nid: 3\nda')).toEqual([]);
    expect(parser.push('ta: {"a":1}\r\n\r\nevent: other\ndata: x\ndata: y\n\n')).toEqual([
      { event: 'onboarding', id: '3', data: '{"a":1}' },
      { event: 'other', id: undefined, data: 'x\ny' },
    ]);
  });

  test('bytes split inside a multi-byte character', () => {
    const parser = new SseParser();
    const bytes = new TextEncoder().encode('data: é\n\n');
    expect(parser.push(bytes.slice(0, 7))).toEqual([]);
    expect(parser.push(bytes.slice(7))).toEqual([{ event: 'message', id: undefined, data: 'é' }]);
  });
});
