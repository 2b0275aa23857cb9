/** The minimal SSE reader, fed the way a network delivers text: in arbitrary pieces. */
import { expect } from '@open-wc/testing';
import { createSseReader } from '../src/sse.js';

function read(chunks: string[]): [string, string][] {
  const events: [string, string][] = [];
  const feed = createSseReader((type, data) => events.push([type, data]));
  for (const chunk of chunks) feed(chunk);
  return events;
}

describe('createSseReader', () => {
  it('reads named events, multi-line data, comments and ids', () => {
    expect(read([': hi\n\nid: 1\nevent: onboarding\ndata: {"a":1,\ndata: "b":2}\n\n'])).to.deep.equal([
      ['onboarding', '{"a":1,\n"b":2}'],
    ]);
  });

  it('handles LF, CR and CRLF line ends split across chunks', () => {
    const text = 'event: x\r\ndata: 1\r\n\r\nevent: y\rdata: 2\r\rdata: 3\n\n';
    for (let size = 1; size <= 5; size += 1) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
      expect(read(chunks)).to.deep.equal([
        ['x', '1'],
        ['y', '2'],
        ['message', '3'],
      ]);
    }
  });

  it('ignores a leading BOM, fields without a value and events without data', () => {
    expect(read(['\uFEFFevent: lonely\n\nretry: 10\ndata\n\n'])).to.deep.equal([['message', '']]);
  });
});
