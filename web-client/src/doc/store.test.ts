import { describe, expect, it } from 'vitest';
import type { DocumentSnapshot, Op } from '../api/types';
import { childrenOf } from './model';
import { type Batch, type BatchTransport, type OfflineStorage, createDocumentStore } from './store';

function snapshot(revision = 3): DocumentSnapshot {
  return {
    format: 1,
    revision,
    nodes: [
      { id: 'root', type: 'root', parent: null, key: null, props: { width: 800, height: 600 } },
      { id: 'r1', type: 'rect', parent: 'root', key: 'a0', props: { x: 10, y: 20, fill: '#ff0000' } },
      { id: 'r2', type: 'rect', parent: 'root', key: 'a1', props: { x: 100 } },
    ],
  };
}

class RecordingTransport implements BatchTransport {
  sent: Batch[] = [];
  online = true;

  send(batch: Batch): boolean {
    if (!this.online) {
      return false;
    }
    this.sent.push(batch);
    return true;
  }
}

class MemoryStorage implements OfflineStorage {
  items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

function setup(storage: OfflineStorage | null = null) {
  const store = createDocumentStore(storage);
  const transport = new RecordingTransport();
  store.getState().setTransport(transport);
  store.getState().load('p1', snapshot());
  return { store, transport };
}

function x(store: ReturnType<typeof setup>['store'], id: string) {
  return store.getState().view.nodes.get(id)?.props.x;
}

describe('document store', () => {
  it('shows a local edit at once and sends it as one batch', () => {
    const { store, transport } = setup();

    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);

    expect(x(store, 'r1')).toBe(50);
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0].ops[0]).toMatchObject({ kind: 'set', node: 'r1', props: { x: 50 } });
    expect(transport.sent[0].ops[0].opId).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/);
    expect(store.getState().confirmed.nodes.get('r1')?.props.x).toBe(10);
  });

  it('keeps the in-flight value when a remote edit of the same property arrives', () => {
    const { store } = setup();
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);

    store.getState().receive([{ kind: 'set', opId: 'other:1', node: 'r1', props: { x: 5, y: 99 } }], 4);

    expect(x(store, 'r1')).toBe(50);
    expect(store.getState().view.nodes.get('r1')?.props.y).toBe(99);
    expect(store.getState().confirmed.nodes.get('r1')?.props.x).toBe(5);
  });

  it('keeps the value through the acknowledgement', () => {
    const { store, transport } = setup();
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);
    store.getState().receive([{ kind: 'set', opId: 'other:1', node: 'r1', props: { x: 5 } }], 4);

    store.getState().acknowledge(transport.sent[0].batchId, 5);

    expect(x(store, 'r1')).toBe(50);
    expect(store.getState().confirmed.nodes.get('r1')?.props.x).toBe(50);
    expect(store.getState().inflight).toHaveLength(0);
    expect(store.getState().revision).toBe(5);
  });

  it('treats an echo of its own batch as the acknowledgement', () => {
    const { store, transport } = setup();
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);
    const batch = transport.sent[0];

    store.getState().receive(batch.ops, 4, batch.batchId);

    expect(store.getState().inflight).toHaveLength(0);
    expect(store.getState().confirmed.nodes.get('r1')?.props.x).toBe(50);
    expect(x(store, 'r1')).toBe(50);
  });

  it('holds later edits back until the batch in flight is acknowledged', () => {
    const { store, transport } = setup();
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 60 } }]);
    store.getState().edit([{ kind: 'set', node: 'r2', props: { x: 70 } }]);

    expect(transport.sent).toHaveLength(1);
    expect(store.getState().pending).toHaveLength(2);
    expect(x(store, 'r1')).toBe(60);

    store.getState().acknowledge(transport.sent[0].batchId, 4);

    expect(transport.sent).toHaveLength(2);
    expect(transport.sent[1].ops.map((op) => op.props?.x)).toEqual([60, 70]);
  });

  it('drops a rejected batch from the view and records the problem', () => {
    const { store, transport } = setup();
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);

    store.getState().reject(transport.sent[0].batchId, { status: 400, detail: 'x is out of range' });

    expect(x(store, 'r1')).toBe(10);
    expect(store.getState().lastRejection?.problem.detail).toBe('x is out of range');
  });

  it('queues edits while offline and sends them on reconnect', () => {
    const { store, transport } = setup();
    transport.online = false;

    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);
    store.getState().edit([{ kind: 'delete', node: 'r2' }]);

    expect(transport.sent).toHaveLength(0);
    expect(store.getState().pending).toHaveLength(2);
    expect(store.getState().view.nodes.has('r2')).toBe(false);

    transport.online = true;
    store.getState().resync(snapshot(7));

    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0].ops.map((op) => op.kind)).toEqual(['set', 'delete']);
    expect(x(store, 'r1')).toBe(50);
  });

  it('resends the batch in flight after a reconnect with the same op ids', () => {
    const { store, transport } = setup();
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);
    const firstOpId = transport.sent[0].ops[0].opId;

    store.getState().resync(snapshot(4));

    expect(transport.sent).toHaveLength(2);
    expect(transport.sent[1].ops[0].opId).toBe(firstOpId);
  });

  it('keeps unsent edits in storage across a reload', () => {
    const storage = new MemoryStorage();
    const first = setup(storage);
    first.transport.online = false;
    first.store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);

    const reloaded = createDocumentStore(storage);
    const transport = new RecordingTransport();
    reloaded.getState().setTransport(transport);
    reloaded.getState().load('p1', snapshot());

    expect(reloaded.getState().view.nodes.get('r1')?.props.x).toBe(50);
    expect(transport.sent).toHaveLength(1);

    reloaded.getState().acknowledge(transport.sent[0].batchId, 4);

    expect(storage.items.size).toBe(0);
  });

  it('applies remote ops to nodes this client never touched', () => {
    const { store } = setup();

    store.getState().receive([
      { kind: 'create', opId: 'o:1', node: 'e1', type: 'ellipse', parent: 'root', props: { x: 1 } },
    ], 4);

    expect(store.getState().view.nodes.get('e1')?.type).toBe('ellipse');
    expect(childrenOf(store.getState().view, 'root').map((node) => node.id)).toEqual(['r1', 'r2', 'e1']);
  });

  it('skips in-flight edits of a node that a collaborator deleted', () => {
    const { store } = setup();
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);

    store.getState().receive([{ kind: 'delete', opId: 'o:1', node: 'r1' }], 4);

    expect(store.getState().view.nodes.has('r1')).toBe(false);
  });

  it('rejects an invalid local op without changing anything', () => {
    const { store, transport } = setup();

    expect(() => store.getState().edit([{ kind: 'create', node: 'c1', type: 'rect', parent: 'r1' }])).toThrow();

    expect(store.getState().view.nodes.has('c1')).toBe(false);
    expect(transport.sent).toHaveLength(0);
  });
});

describe('undo and redo', () => {
  it('reverts and reapplies a property change', () => {
    const { store } = setup();
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);

    expect(store.getState().undo()).toBe(true);
    expect(x(store, 'r1')).toBe(10);

    expect(store.getState().redo()).toBe(true);
    expect(x(store, 'r1')).toBe(50);
  });

  it('resets a property that had no value to its default', () => {
    const { store, transport } = setup();
    store.getState().edit([{ kind: 'set', node: 'r2', props: { opacity: 0.5 } }]);
    store.getState().acknowledge(transport.sent[0].batchId, 4);

    store.getState().undo();

    expect(store.getState().view.nodes.get('r2')?.props).not.toHaveProperty('opacity');
    expect(transport.sent[1].ops[0].props).toEqual({ opacity: null });
  });

  it('never reverts a collaborator change made after the edit', () => {
    const { store, transport } = setup();
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50, y: 60 } }]);
    store.getState().acknowledge(transport.sent[0].batchId, 4);
    store.getState().receive([{ kind: 'set', opId: 'o:1', node: 'r1', props: { x: 999 } }], 5);

    store.getState().undo();

    expect(x(store, 'r1')).toBe(999);
    expect(store.getState().view.nodes.get('r1')?.props.y).toBe(20);
  });

  it('removes a created node and recreates it under a new id on redo', () => {
    const { store } = setup();
    store.getState().edit([{ kind: 'create', node: 'c1', type: 'ellipse', parent: 'root', props: { x: 5 } }]);

    store.getState().undo();
    expect(store.getState().view.nodes.has('c1')).toBe(false);

    store.getState().redo();
    const ellipses = [...store.getState().view.nodes.values()].filter((node) => node.type === 'ellipse');
    expect(ellipses).toHaveLength(1);
    expect(ellipses[0].id).not.toBe('c1');
    expect(ellipses[0].props.x).toBe(5);
  });

  it('restores a deleted subtree in its place', () => {
    const { store } = setup();
    store.getState().edit([
      { kind: 'create', node: 'g1', type: 'group', parent: 'root', index: 0 },
      { kind: 'create', node: 't1', type: 'text', parent: 'g1', props: { text: 'Hello' } },
    ], { undoable: false });
    store.getState().edit([{ kind: 'delete', node: 'g1' }]);

    store.getState().undo();

    const view = store.getState().view;
    const group = childrenOf(view, 'root')[0];
    expect(group.type).toBe('group');
    expect(childrenOf(view, group.id).map((node) => node.props.text)).toEqual(['Hello']);
  });

  it('keeps later history working after an undo renamed a node', () => {
    const { store } = setup();
    store.getState().edit([{ kind: 'create', node: 'c1', type: 'rect', parent: 'root' }]);
    store.getState().edit([{ kind: 'set', node: 'c1', props: { x: 40 } }]);
    store.getState().edit([{ kind: 'delete', node: 'c1' }]);

    store.getState().undo();
    store.getState().undo();

    const rects = [...store.getState().view.nodes.values()].filter((node) => node.type === 'rect' && !['r1', 'r2'].includes(node.id));
    expect(rects).toHaveLength(1);
    expect(rects[0].props.x).toBeUndefined();
  });

  it('moves a node back to its old place', () => {
    const { store } = setup();
    store.getState().edit([{ kind: 'move', node: 'r1', index: 2 } as Op]);
    expect(childrenOf(store.getState().view, 'root').map((node) => node.id)).toEqual(['r2', 'r1']);

    store.getState().undo();

    expect(childrenOf(store.getState().view, 'root').map((node) => node.id)).toEqual(['r1', 'r2']);
  });

  it('clears the redo stack on a new edit', () => {
    const { store } = setup();
    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 50 } }]);
    store.getState().undo();

    store.getState().edit([{ kind: 'set', node: 'r1', props: { x: 70 } }]);

    expect(store.getState().redo()).toBe(false);
  });
});
