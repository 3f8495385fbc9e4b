import type { DocNode, NodeType, Op, PropValue } from '../api/types';
import { newNodeId } from '../doc/ids';
import { type DocState, childrenOf, isContainer } from '../doc/model';
import { clampProp, flag, num } from '../doc/properties';

/**
 * Edits the editor offers, as op lists for the document store. Each function is pure: it reads
 * the current view and returns the ops, so the editor and the tests share one implementation.
 */

export type NewOp = Omit<Op, 'opId'>;

export interface ShapeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const DEFAULT_NAMES: Partial<Record<NodeType, string>> = {};

/** Creates a shape on top of the root's children and returns its id with the op. */
export function createShape(type: NodeType, box: ShapeBox, extra: Record<string, PropValue> = {},
  parent = 'root'): { id: string; ops: NewOp[] } {
  const id = newNodeId();
  const props: Record<string, PropValue> = {
    x: clampProp('x', round(box.x)),
    y: clampProp('y', round(box.y)),
    width: clampProp('width', round(box.width)),
    height: clampProp('height', round(box.height)),
    ...extra,
  };
  if (DEFAULT_NAMES[type]) {
    props.name = DEFAULT_NAMES[type]!;
  }
  return { id, ops: [{ kind: 'create', node: id, type, parent, props }] };
}

/** Rounds to 1/100 of a document unit, so op payloads stay short. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Returns the selected ids without locked nodes and without nodes inside another selected node. */
export function editableSelection(view: DocState, selection: readonly string[]): string[] {
  const selected = new Set(selection);
  return selection.filter((id) => {
    const node = view.nodes.get(id);
    if (!node || node.type === 'root' || flag(node, 'locked')) {
      return false;
    }
    let parent = node.parent;
    while (parent && parent !== view.rootId) {
      if (selected.has(parent)) {
        return false;
      }
      parent = view.nodes.get(parent)?.parent ?? null;
    }
    return true;
  });
}

export function deleteNodes(view: DocState, selection: readonly string[]): NewOp[] {
  return editableSelection(view, selection).map((id) => ({ kind: 'delete', node: id }));
}

export function nudge(view: DocState, selection: readonly string[], dx: number, dy: number): NewOp[] {
  return editableSelection(view, selection).map((id) => {
    const node = view.nodes.get(id)!;
    return {
      kind: 'set',
      node: id,
      props: { x: clampProp('x', round(num(node, 'x') + dx)), y: clampProp('y', round(num(node, 'y') + dy)) },
    };
  });
}

export function setProps(view: DocState, ids: readonly string[], props: Record<string, PropValue>): NewOp[] {
  return ids.filter((id) => view.nodes.has(id)).map((id) => ({ kind: 'set', node: id, props }));
}

/**
 * Moves a node one step up (towards the top of the z-order) or down among its siblings, or to
 * the top or bottom.
 */
export function reorder(view: DocState, id: string, direction: 'up' | 'down' | 'top' | 'bottom'): NewOp[] {
  const node = view.nodes.get(id);
  if (!node || !node.parent) {
    return [];
  }
  const siblings = childrenOf(view, node.parent);
  const position = siblings.findIndex((sibling) => sibling.id === id);
  const last = siblings.length - 1;
  const targets = { up: position + 1, down: position - 1, top: last, bottom: 0 };
  const target = targets[direction];
  if (target < 0 || target > last || target === position) {
    return [];
  }
  // The index counts the siblings without the moving node, so moving up by one is index target.
  return [{ kind: 'move', node: id, index: target }];
}

/** Moves a node into another container on top of its children. */
export function moveInto(view: DocState, id: string, parent: string): NewOp[] {
  const target = view.nodes.get(parent);
  if (!target || !isContainer(target.type) || id === parent) {
    return [];
  }
  return [{ kind: 'move', node: id, parent }];
}

/**
 * Groups the editable selection under a new group placed where the topmost selected node was.
 * Only nodes that share one parent are grouped; the others stay.
 */
export function groupNodes(view: DocState, selection: readonly string[]): { id: string; ops: NewOp[] } | null {
  const ids = editableSelection(view, selection);
  if (ids.length === 0) {
    return null;
  }
  const parent = view.nodes.get(ids[0])!.parent!;
  const siblings = childrenOf(view, parent);
  const members = siblings.filter((sibling) => ids.includes(sibling.id));
  const topIndex = siblings.findIndex((sibling) => sibling.id === members[members.length - 1].id);
  const id = newNodeId();
  const ops: NewOp[] = [{ kind: 'create', node: id, type: 'group', parent, index: topIndex + 1, props: { width: 0, height: 0 } }];
  for (const member of members) {
    ops.push({ kind: 'move', node: member.id, parent: id });
  }
  return { id, ops };
}

/** Copies nodes with their subtrees, offset by 10 units, on top of their parents' children. */
export function duplicate(view: DocState, selection: readonly string[]): { ids: string[]; ops: NewOp[] } {
  const ops: NewOp[] = [];
  const ids: string[] = [];
  for (const id of editableSelection(view, selection)) {
    const copyId = copyTree(view, view.nodes.get(id)!, view.nodes.get(id)!.parent!, ops, true);
    ids.push(copyId);
  }
  return { ids, ops };
}

function copyTree(view: DocState, node: DocNode, parent: string, ops: NewOp[], offset: boolean): string {
  const id = newNodeId();
  const props = { ...node.props };
  if (offset) {
    props.x = clampProp('x', num(node, 'x') + 10);
    props.y = clampProp('y', num(node, 'y') + 10);
  }
  ops.push({ kind: 'create', node: id, type: node.type, parent, props });
  for (const child of childrenOf(view, node.id)) {
    copyTree(view, child, id, ops, false);
  }
  return id;
}

/** Returns the display name of a node: its name, else its type and a short id. */
export function nodeLabel(node: DocNode, typeName: string): string {
  const name = node.props.name;
  return typeof name === 'string' && name.trim() !== '' ? name : `${typeName} ${node.id.slice(-4)}`;
}
