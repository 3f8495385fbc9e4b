import { describe, expect, it } from 'vitest';
import { colorFor, parseServerMessage } from './protocol';

describe('collaboration protocol', () => {
  it('parses an acknowledgement', () => {
    expect(parseServerMessage('{"type":"ack","batchId":"b1","revision":7}')).toEqual({ type: 'ack', batchId: 'b1', revision: 7 });
  });

  it('parses a presence update with a cursor', () => {
    const event = parseServerMessage(JSON.stringify({
      type: 'presence', sessionId: 's1', userId: 'u1', displayName: 'Ann', cursor: { x: 3, y: 4 }, selection: ['n1'],
    }));

    expect(event).toMatchObject({ type: 'presence', peer: { sessionId: 's1', displayName: 'Ann', cursor: { x: 3, y: 4 }, selection: ['n1'] } });
  });

  it('drops a cursor that is not a finite point', () => {
    const event = parseServerMessage('{"type":"presence","sessionId":"s1","userId":"u1","cursor":{"x":"a","y":1}}');

    expect(event).toMatchObject({ type: 'presence', peer: { cursor: null } });
  });

  it('returns null for unknown or malformed messages', () => {
    expect(parseServerMessage('{"type":"nonsense"}')).toBeNull();
    expect(parseServerMessage('not json')).toBeNull();
    expect(parseServerMessage('42')).toBeNull();
  });

  it('gives every user a stable colour', () => {
    expect(colorFor('u1')).toBe(colorFor('u1'));
    expect(colorFor('u1')).toMatch(/^#[0-9a-f]{6}$/);
  });
});
