import { describe, expect, it } from 'vitest';
import { type ServerEvent, colorFor, encodeClientMessage, parseServerMessage } from './protocol';

describe('collaboration protocol', () => {
  it('parses a snapshot welcome with members', () => {
    const event = parseServerMessage(JSON.stringify({
      type: 'welcome', protocol: 1, session: 's1', userId: 'u1', role: 'editor', colour: '#e11d48', seq: 12,
      mode: 'snapshot',
      snapshot: { format: 1, revision: 4, nodes: [{ id: 'root', type: 'root', parent: null, key: null, props: {} }] },
      members: [{ session: 's2', userId: 'u2', displayName: 'Ben', colour: '#2563eb', role: 'viewer', cursor: { x: 1, y: 2 } }],
    }));

    expect(event).toMatchObject({ type: 'welcome', sessionId: 's1', role: 'editor', seq: 12 });
    const welcome = event as Extract<ServerEvent, { type: 'welcome' }>;
    expect(welcome.snapshot?.nodes).toHaveLength(1);
    expect(welcome.members[0]).toEqual({
      sessionId: 's2', userId: 'u2', displayName: 'Ben', color: '#2563eb', cursor: { x: 1, y: 2 }, selection: [],
    });
  });

  it('parses a catch-up welcome without a snapshot', () => {
    const event = parseServerMessage(JSON.stringify({
      type: 'welcome', session: 's1', seq: 3, mode: 'catch-up',
      batches: [{ type: 'ops', seq: 3, author: 'u2', batch: 'b9', ops: [{ kind: 'delete', opId: 'x:1', node: 'n1' }] }],
      members: [],
    }));

    expect(event?.type).toBe('welcome');
    const welcome = event as Extract<ServerEvent, { type: 'welcome' }>;
    expect(welcome.snapshot).toBeNull();
    expect(welcome.batches[0]).toMatchObject({ seq: 3, batchId: 'b9', author: 'u2' });
  });

  it('parses an acknowledgement', () => {
    expect(parseServerMessage('{"type":"ack","batch":"b1","seq":7}')).toEqual({ type: 'ack', batchId: 'b1', seq: 7, duplicate: false });
    expect(parseServerMessage('{"type":"ack","batch":"b1","seq":null,"duplicate":true}'))
      .toEqual({ type: 'ack', batchId: 'b1', seq: null, duplicate: true });
  });

  it('turns a rejection into a problem with its violations', () => {
    const event = parseServerMessage(JSON.stringify({
      type: 'rejected', batch: 'b1', code: 'invalid', message: 'opacity is 2: use 0 to 1',
      violations: [{ path: 'ops[0].props.opacity', rule: 'range', message: 'opacity is 2: use 0 to 1' }],
    }));

    expect(event).toMatchObject({
      type: 'rejected', batchId: 'b1', code: 'invalid',
      problem: { detail: 'opacity is 2: use 0 to 1', errors: [{ field: 'ops[0].props.opacity', rule: 'range' }] },
    });
  });

  it('keeps absent presence fields absent', () => {
    const event = parseServerMessage('{"type":"presence","updates":[{"session":"s2","cursor":{"x":3,"y":4}}]}');

    expect(event).toEqual({ type: 'presence', updates: [{ sessionId: 's2', cursor: { x: 3, y: 4 } }] });
  });

  it('drops a cursor that is not a finite point', () => {
    const event = parseServerMessage('{"type":"presence","updates":[{"session":"s2","cursor":{"x":"a","y":1}}]}');

    expect(event).toEqual({ type: 'presence', updates: [{ sessionId: 's2', cursor: null }] });
  });

  it('parses a role change and drops one without a role', () => {
    expect(parseServerMessage('{"type":"role-changed","role":"viewer","message":"now viewer"}'))
      .toEqual({ type: 'role-changed', role: 'viewer' });
    expect(parseServerMessage('{"type":"role-changed"}')).toBeNull();
  });

  it('returns null for unknown or malformed messages', () => {
    expect(parseServerMessage('{"type":"nonsense"}')).toBeNull();
    expect(parseServerMessage('not json')).toBeNull();
    expect(parseServerMessage('42')).toBeNull();
    expect(parseServerMessage('[]')).toBeNull();
  });

  it('writes ops with the batch field the server expects', () => {
    expect(JSON.parse(encodeClientMessage({ type: 'ops', batch: 'b1', ops: [] }))).toEqual({ type: 'ops', batch: 'b1', ops: [] });
  });

  it('gives every user a stable colour', () => {
    expect(colorFor('u1')).toBe(colorFor('u1'));
    expect(colorFor('u1')).toMatch(/^#[0-9a-f]{6}$/);
  });
});
