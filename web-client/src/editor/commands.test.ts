import { describe, expect, it } from 'vitest';
import type { DocumentSnapshot } from '../api/types';
import { applyOps, childrenOf, fromSnapshot } from '../doc/model';
import { createDocumentStore } from '../doc/store';
import { deleteNodes, duplicate, editableSelection, groupNodes, nudge, reorder } from './commands';
import { diffDocuments } from './diff';
import { lineFromPoints } from './geometry';

const SNAPSHOT: DocumentSnapshot = {
  format: 1,
  revision: 1,
  nodes: [
    { id: 'root', type: 'root', parent: null, key: null, props: {} },
    { id: 'a', type: 'rect', parent: 'root', key: 'a0', props: { x: 10, y: 10 } },
    { id: 'b', type: 'ellipse', parent: 'root', key: 'a1', props: {} },
    { id: 'c', type: 'rect', parent: 'root', key: 'a2', props: { locked: true } },
    { id: 'g', type: 'group', parent: 'root', key: 'a3', props: {} },
    { id: 'g1', type: 'text', parent: 'g', key: 'a0', props: { text: 'Hi' } },
  ],
};

function order(view = fromSnapshot(SNAPSHOT), parent = 'root') {
  return childrenOf(view, parent).map((node) => node.id);
}

/** Runs ops through a store, as the editor does, so indexes become keys first. */
function run(ops: Parameters<ReturnType<ReturnType<typeof createDocumentStore>['getState']>['edit']>[0]) {
  const store = createDocumentStore();
  store.getState().load('p', SNAPSHOT);
  store.getState().edit(ops);
  return store.getState().view;
}

describe('editor commands', () => {
  it('orders children by key', () => {
    expect(order()).toEqual(['a', 'b', 'c', 'g']);
  });

  it('moves a layer up and down by one', () => {
    const view = fromSnapshot(SNAPSHOT);

    expect(order(run(reorder(view, 'a', 'up')))).toEqual(['b', 'a', 'c', 'g']);
    expect(order(run(reorder(view, 'g', 'down')))).toEqual(['a', 'b', 'g', 'c']);
  });

  it('moves a layer to the top and bottom', () => {
    const view = fromSnapshot(SNAPSHOT);

    expect(order(run(reorder(view, 'a', 'top')))).toEqual(['b', 'c', 'g', 'a']);
    expect(order(run(reorder(view, 'g', 'bottom')))).toEqual(['g', 'a', 'b', 'c']);
  });

  it('does not move past the ends', () => {
    const view = fromSnapshot(SNAPSHOT);

    expect(reorder(view, 'a', 'down')).toEqual([]);
    expect(reorder(view, 'g', 'up')).toEqual([]);
  });

  it('skips locked nodes and children of selected nodes', () => {
    expect(editableSelection(fromSnapshot(SNAPSHOT), ['a', 'c', 'g', 'g1', 'root'])).toEqual(['a', 'g']);
  });

  it('nudges only editable nodes', () => {
    const ops = nudge(fromSnapshot(SNAPSHOT), ['a', 'c'], 5, -2);

    expect(ops).toEqual([{ kind: 'set', node: 'a', props: { x: 15, y: 8 } }]);
  });

  it('deletes only editable nodes', () => {
    expect(deleteNodes(fromSnapshot(SNAPSHOT), ['a', 'c'])).toEqual([{ kind: 'delete', node: 'a' }]);
  });

  it('groups siblings where the topmost was', () => {
    const grouped = groupNodes(fromSnapshot(SNAPSHOT), ['a', 'b'])!;
    const view = run(grouped.ops);

    expect(order(view)).toEqual([grouped.id, 'c', 'g']);
    expect(order(view, grouped.id)).toEqual(['a', 'b']);
  });

  it('duplicates a subtree with new ids and an offset', () => {
    const view = fromSnapshot(SNAPSHOT);
    const copy = duplicate(view, ['g', 'a']);
    const after = applyOps(view, copy.ops as never, true);

    expect(copy.ids).toHaveLength(2);
    expect(after.nodes.size).toBe(view.nodes.size + 3);
    const groupCopy = after.nodes.get(copy.ids[0])!;
    expect(groupCopy.props.x).toBe(10);
    expect(childrenOf(after, groupCopy.id).map((node) => node.props.text)).toEqual(['Hi']);
    expect(after.nodes.get(copy.ids[1])!.props.x).toBe(20);
  });
});

describe('geometry', () => {
  it('turns a diagonal drag into a rotated line around its centre', () => {
    const line = lineFromPoints(0, 0, 100, 100);

    expect(line.width).toBeCloseTo(141.42, 2);
    expect(line.rotation).toBeCloseTo(45, 6);
    expect(line.x + line.width / 2).toBeCloseTo(50, 6);
    expect(line.y).toBeCloseTo(50, 6);
  });
});

describe('version diff', () => {
  it('lists added, removed and changed nodes', () => {
    const current = applyOps(fromSnapshot(SNAPSHOT), [
      { kind: 'set', opId: 'o:1', node: 'a', props: { x: 99 } },
      { kind: 'delete', opId: 'o:2', node: 'b' },
      { kind: 'create', opId: 'o:3', node: 'n', type: 'rect', parent: 'root' },
    ]);

    const diff = diffDocuments(SNAPSHOT, current);

    expect(diff.added).toEqual(['n']);
    expect(diff.removed).toEqual(['b']);
    expect(diff.changed).toEqual(['a']);
  });
});
