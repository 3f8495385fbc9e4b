import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentSnapshot } from '../api/types';
import { createDocumentStore } from '../doc/store';
import { CollabConnection } from './connection';
import { createPresenceStore } from './presence';

const SNAPSHOT: DocumentSnapshot = {
  format: 1,
  revision: 2,
  nodes: [
    { id: 'root', type: 'root', parent: null, key: null, props: {} },
    { id: 'r1', type: 'rect', parent: 'root', key: 'a0', props: { x: 1 } },
  ],
};

/** A WebSocket double that records what the client sends and lets the test play the server. */
class FakeSocket {
  static OPEN = 1;
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;

  send(text: string) {
    this.sent.push(JSON.parse(text));
  }

  close() {
    this.readyState = 3;
  }

  open() {
    this.readyState = 1;
    this.onopen?.();
  }

  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  drop(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }

  sentOfType(type: string) {
    return this.sent.filter((message) => message.type === type);
  }
}

function setup() {
  const documents = createDocumentStore();
  const presence = createPresenceStore();
  documents.getState().load('p1', SNAPSHOT);
  const sockets: FakeSocket[] = [];
  const roles: string[] = [];
  const connection = new CollabConnection({
    projectId: 'p1',
    documents,
    presence,
    onRole: (role) => roles.push(role),
    openSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
  });
  connection.start();
  return { documents, presence, sockets, connection, roles };
}

function welcome(socket: FakeSocket, extra: object = {}) {
  socket.receive({ type: 'welcome', protocol: 1, session: 's1', userId: 'u1', role: 'editor', colour: '#e6194b',
    seq: 5, mode: 'snapshot', snapshot: SNAPSHOT, members: [], ...extra });
}

describe('collaboration connection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('window', Object.assign(new EventTarget(), {
      location: { protocol: 'http:', host: '127.0.0.1:8181', origin: 'http://127.0.0.1:8181' },
    }));
    vi.stubGlobal('navigator', { onLine: true });
    vi.stubGlobal('WebSocket', FakeSocket);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('joins with protocol 1 and no sequence number at first', () => {
    const { sockets } = setup();

    sockets[0].open();

    expect(sockets[0].sent).toEqual([{ type: 'join', protocol: 1, lastSeq: null }]);
  });

  it('reports a role change during the session', () => {
    const { sockets, roles } = setup();
    sockets[0].open();
    welcome(sockets[0]);

    sockets[0].receive({ type: 'role-changed', role: 'viewer', message: 'Your role in this project is now viewer' });

    expect(roles).toEqual(['editor', 'viewer']);
  });

  it('sends edits only after the welcome', () => {
    const { sockets, documents, presence } = setup();
    sockets[0].open();
    documents.getState().edit([{ kind: 'set', node: 'r1', props: { x: 9 } }]);

    expect(sockets[0].sentOfType('ops')).toHaveLength(0);

    welcome(sockets[0]);

    expect(presence.getState().status).toBe('online');
    expect(sockets[0].sentOfType('ops')).toHaveLength(1);
    expect(sockets[0].sentOfType('ops')[0]).toMatchObject({ ops: [{ kind: 'set', node: 'r1', props: { x: 9 } }] });
  });

  it('applies the acknowledgement to the confirmed document', () => {
    const { sockets, documents } = setup();
    sockets[0].open();
    welcome(sockets[0]);
    documents.getState().edit([{ kind: 'set', node: 'r1', props: { x: 9 } }]);
    const batch = sockets[0].sentOfType('ops')[0].batch;

    sockets[0].receive({ type: 'ack', batch, seq: 6 });

    expect(documents.getState().inflight).toHaveLength(0);
    expect(documents.getState().confirmed.nodes.get('r1')?.props.x).toBe(9);
  });

  it('resends unacknowledged ops after a reconnect with lastSeq', () => {
    const { sockets, documents } = setup();
    sockets[0].open();
    welcome(sockets[0]);
    documents.getState().edit([{ kind: 'set', node: 'r1', props: { x: 9 } }]);
    const firstOpId = (sockets[0].sentOfType('ops')[0].ops as { opId: string }[])[0].opId;

    sockets[0].drop(1006);
    documents.getState().edit([{ kind: 'set', node: 'r1', props: { y: 3 } }]);
    vi.advanceTimersByTime(60_000);
    sockets[1].open();

    expect(sockets[1].sent[0]).toEqual({ type: 'join', protocol: 1, lastSeq: 5 });

    sockets[1].receive({ type: 'welcome', session: 's2', seq: 5, mode: 'catch-up', batches: [], members: [] });

    const resent = sockets[1].sentOfType('ops');
    expect(resent).toHaveLength(1);
    expect((resent[0].ops as { opId: string }[]).map((op) => op.opId)[0]).toBe(firstOpId);
    expect(resent[0].ops).toHaveLength(2);
  });

  it('keeps a rate-limited batch and sends it again later', () => {
    const { sockets, documents } = setup();
    sockets[0].open();
    welcome(sockets[0]);
    documents.getState().edit([{ kind: 'set', node: 'r1', props: { x: 9 } }]);
    const batch = sockets[0].sentOfType('ops')[0].batch;

    sockets[0].receive({ type: 'rejected', batch, code: 'rate-limited', message: 'slow down', retryAfterMs: 1000 });

    expect(documents.getState().view.nodes.get('r1')?.props.x).toBe(9);
    vi.advanceTimersByTime(1000);
    expect(sockets[0].sentOfType('ops')).toHaveLength(2);
  });

  it('keeps an unavailable batch and sends it again after retryAfterMs', () => {
    const { sockets, documents } = setup();
    sockets[0].open();
    welcome(sockets[0]);
    documents.getState().edit([{ kind: 'set', node: 'r1', props: { x: 9 } }]);
    const first = sockets[0].sentOfType('ops')[0];
    const batch = first.batch;

    sockets[0].receive({ type: 'rejected', batch, code: 'unavailable', message: 'image store is not running', retryAfterMs: 2000 });

    expect(documents.getState().view.nodes.get('r1')?.props.x).toBe(9);
    expect(documents.getState().lastRejection).toBeNull();
    vi.advanceTimersByTime(1999);
    expect(sockets[0].sentOfType('ops')).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const resent = sockets[0].sentOfType('ops');
    expect(resent).toHaveLength(2);
    // A requeued batch gets a new batch id but keeps its op ids, so the server applies it once.
    expect(resent[1].ops).toEqual(first.ops);
  });

  it('posts a REST batch again after 503', async () => {
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', vi.fn(async (_url: URL, init: RequestInit) => {
      if (init.method === 'GET') {
        return Response.json({ projectId: 'p1', revision: 2, nodes: SNAPSHOT.nodes });
      }
      posted.push(JSON.parse(String(init.body)));
      if (posted.length === 1) {
        return Response.json({ status: 503, detail: 'The image store is not running' },
          { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '2' } });
      }
      return Response.json({ revision: 3, outcomes: [] });
    }));
    const { sockets, documents, presence } = setup();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      sockets[attempt].drop(1006);
      await vi.advanceTimersByTimeAsync(attempt < 2 ? 60_000 : 0);
    }
    expect(presence.getState().status).toBe('rest');

    documents.getState().edit([{ kind: 'set', node: 'r1', props: { x: 9 } }]);
    await vi.advanceTimersByTimeAsync(0);

    expect(posted).toHaveLength(1);
    expect(documents.getState().view.nodes.get('r1')?.props.x).toBe(9);
    expect(documents.getState().lastRejection).toBeNull();

    await vi.advanceTimersByTimeAsync(2000);

    expect(posted).toHaveLength(2);
    expect(posted[1]).toEqual(posted[0]);
    expect(documents.getState().pending).toHaveLength(0);
    expect(documents.getState().inflight).toHaveLength(0);
  });

  it('drops an invalid batch and keeps the server message', () => {
    const { sockets, documents } = setup();
    sockets[0].open();
    welcome(sockets[0]);
    documents.getState().edit([{ kind: 'set', node: 'r1', props: { x: 9 } }]);
    const batch = sockets[0].sentOfType('ops')[0].batch;

    sockets[0].receive({ type: 'rejected', batch, code: 'invalid', message: 'x is out of range' });

    expect(documents.getState().view.nodes.get('r1')?.props.x).toBe(1);
    expect(documents.getState().lastRejection?.problem.detail).toBe('x is out of range');
  });

  it('tracks members and their presence', () => {
    const { sockets, presence } = setup();
    sockets[0].open();
    welcome(sockets[0], { members: [{ session: 's7', userId: 'u7', displayName: 'Ben', colour: '#3cb44b' }] });

    sockets[0].receive({ type: 'presence', updates: [{ session: 's7', cursor: { x: 4, y: 5 } }, { session: 's1', cursor: { x: 0, y: 0 } }] });

    expect(Object.keys(presence.getState().peers)).toEqual(['s7']);
    expect(presence.getState().peers.s7.cursor).toEqual({ x: 4, y: 5 });

    sockets[0].receive({ type: 'member-left', session: 's7' });

    expect(presence.getState().peers).toEqual({});
  });

  it('stops reconnecting when the project is no longer shared', () => {
    const { sockets, presence } = setup();
    sockets[0].open();
    welcome(sockets[0]);

    sockets[0].drop(4404);
    vi.advanceTimersByTime(120_000);

    expect(presence.getState().status).toBe('noAccess');
    expect(sockets).toHaveLength(1);
  });

  it('pings while idle so the server keeps the connection', () => {
    const { sockets } = setup();
    sockets[0].open();
    welcome(sockets[0]);

    vi.advanceTimersByTime(60_000);

    expect(sockets[0].sentOfType('ping').length).toBeGreaterThanOrEqual(2);
  });
});
