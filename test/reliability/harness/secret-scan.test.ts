import { describe, expect, test } from 'vitest';
import { describeHits, needlesOf, scanForSecrets } from './secret-scan.js';

const jwt =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjdXN0b21lci0xIiwiZXhwIjoxOTAwMDAwMDAwfQ.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu';

describe('secret scan', () => {
  test('a JWT is found whole, by its payload or by its signature, but not by the shared header', () => {
    const needles = needlesOf(jwt);
    expect(needles).toContain(jwt);
    expect(needles).toContain(jwt.split('.')[1]);
    expect(needles).toContain(jwt.split('.')[2]);
    expect(needles).not.toContain(jwt.split('.')[0]);
  });

  test('finds a secret anywhere in a text and masks it in the report', () => {
    const entries = [
      { source: 'log:stdout', text: `{"msg":"token ${jwt.split('.')[2]}"}` },
      { source: 'GET /x 200', text: 'nothing here' },
    ];
    const hits = scanForSecrets(entries, [{ kind: 'oauth token', value: jwt }]);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.source).toBe('log:stdout');
    expect(describeHits(hits)).not.toContain(jwt.split('.')[2]);
    expect(describeHits(hits)).toContain('<oauth token>');
  });

  test('a secret an answer exists to hand out is allowed there only', () => {
    const entries = [
      { source: 'POST /v1/sessions 201', text: `{"token":"${jwt}"}`, allowed: [jwt] },
      { source: 'log:stdout', text: `Bearer ${jwt}` },
    ];
    const hits = scanForSecrets(entries, [{ kind: 'session token', value: jwt }]);
    expect(hits.map((hit) => hit.source)).toEqual(['log:stdout']);
  });

  test('short values are not searched (they would match by chance)', () => {
    expect(needlesOf('abc')).toEqual([]);
  });
});
