import { generateKeyBetween } from 'fractional-indexing';
import type { DocNode, DocumentSnapshot, NodeType, Op, PropValue } from '../api/types';

/**
 * An immutable document state on the client. Every change returns a new state that shares the
 * unchanged nodes with the old one, so React and the store can compare states by identity.
 */
export interface DocState {
  readonly rootId: string;
  readonly nodes: ReadonlyMap<string, DocNode>;
  /** Ids of deleted nodes: ops that target them are skipped, as the server does. */
  readonly deleted: ReadonlySet<string>;
}

const CONTAINERS: ReadonlySet<NodeType> = new Set<NodeType>(['root', 'frame', 'group']);

export function isContainer(type: NodeType): boolean {
  return CONTAINERS.has(type);
}

export function fromSnapshot(snapshot: DocumentSnapshot): DocState {
  const nodes = new Map<string, DocNode>();
  for (const node of snapshot.nodes) {
    nodes.set(node.id, { ...node, props: { ...node.props } });
  }
  const root = snapshot.nodes[0];
  if (!root || root.type !== 'root') {
    throw new Error('Snapshot has no root node as its first node');
  }
  return { rootId: root.id, nodes, deleted: new Set(snapshot.deleted ?? []) };
}

export function emptyDocument(width = 1200, height = 800): DocState {
  return fromSnapshot({
    format: 1,
    revision: 0,
    nodes: [{ id: 'root', type: 'root', parent: null, key: null, props: { width, height } }],
  });
}

const childIndexCache = new WeakMap<DocState, Map<string, DocNode[]>>();

/** Returns the children of a node in z-order, bottom first, as the server orders them by key. */
export function childrenOf(state: DocState, parentId: string): DocNode[] {
  let index = childIndexCache.get(state);
  if (!index) {
    index = new Map();
    for (const node of state.nodes.values()) {
      if (node.parent === null) {
        continue;
      }
      const list = index.get(node.parent);
      if (list) {
        list.push(node);
      } else {
        index.set(node.parent, [node]);
      }
    }
    for (const list of index.values()) {
      list.sort(compareByKey);
    }
    childIndexCache.set(state, index);
  }
  return index.get(parentId) ?? [];
}

function compareByKey(a: DocNode, b: DocNode): number {
  const ka = a.key ?? '';
  const kb = b.key ?? '';
  if (ka !== kb) {
    return ka < kb ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Returns the key for a node placed at `index` among `parentId`'s children (excluding `movingId`). */
export function keyAt(state: DocState, parentId: string, index: number | undefined, movingId?: string): string {
  const siblings = childrenOf(state, parentId).filter((node) => node.id !== movingId);
  const position = index === undefined || index > siblings.length ? siblings.length : Math.max(0, index);
  const before = position > 0 ? siblings[position - 1].key : null;
  const after = position < siblings.length ? siblings[position].key : null;
  return generateKeyBetween(before, after);
}

/** Returns whether `ancestorId` is `nodeId` or one of its ancestors. */
export function isAncestorOrSelf(state: DocState, ancestorId: string, nodeId: string): boolean {
  let current: string | null = nodeId;
  while (current !== null) {
    if (current === ancestorId) {
      return true;
    }
    current = state.nodes.get(current)?.parent ?? null;
  }
  return false;
}

/** Returns the node and all its descendants, parents before children, siblings in z-order. */
export function subtree(state: DocState, nodeId: string): DocNode[] {
  const start = state.nodes.get(nodeId);
  if (!start) {
    return [];
  }
  const result: DocNode[] = [];
  const stack: DocNode[] = [start];
  while (stack.length > 0) {
    const node = stack.pop()!;
    result.push(node);
    const children = childrenOf(state, node.id);
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push(children[i]);
    }
  }
  return result;
}

/** Thrown for an op that the server would reject, such as a create under a missing parent. */
export class OpError extends Error {}

/**
 * Applies ops in order and returns the new state. Ops on deleted nodes are skipped, as the
 * server skips them; ops that the server would reject throw {@link OpError} when `strict`, and
 * are skipped otherwise (remote ops were already validated by the server).
 */
export function applyOps(state: DocState, ops: readonly Op[], strict = false): DocState {
  if (ops.length === 0) {
    return state;
  }
  const nodes = new Map(state.nodes);
  let deleted = state.deleted as Set<string>;
  let deletedCopied = false;
  const working: DocState = { rootId: state.rootId, nodes, deleted };

  // The child index of `working` must be rebuilt after each structural change, so it is dropped
  // from the cache whenever a create, delete or move changes the tree.
  const invalidate = () => childIndexCache.delete(working);

  for (const op of ops) {
    try {
      switch (op.kind) {
        case 'create':
          applyCreate(working, nodes, op);
          invalidate();
          break;
        case 'set':
          applySet(working, nodes, op);
          break;
        case 'delete': {
          if (!deletedCopied) {
            deleted = new Set(deleted);
            (working as { deleted: ReadonlySet<string> }).deleted = deleted;
            deletedCopied = true;
          }
          applyDelete(working, nodes, deleted, op);
          invalidate();
          break;
        }
        case 'move':
          applyMove(working, nodes, op);
          invalidate();
          break;
        default:
          throw new OpError(`Unknown op kind '${(op as Op).kind}'`);
      }
    } catch (error) {
      if (strict || !(error instanceof OpError)) {
        throw error;
      }
    }
  }
  invalidate();
  return { rootId: state.rootId, nodes, deleted };
}

function applyCreate(state: DocState, nodes: Map<string, DocNode>, op: Op): void {
  if (state.deleted.has(op.node) || (op.parent !== undefined && state.deleted.has(op.parent))) {
    return;
  }
  if (!op.type || !op.parent) {
    throw new OpError(`Create of '${op.node}' needs a type and a parent`);
  }
  if (nodes.has(op.node)) {
    throw new OpError(`Node '${op.node}' already exists`);
  }
  const parent = nodes.get(op.parent);
  if (!parent) {
    throw new OpError(`Parent '${op.parent}' of '${op.node}' was not found`);
  }
  if (!isContainer(parent.type)) {
    throw new OpError(`Parent '${op.parent}' is a ${parent.type} and cannot have children`);
  }
  const key = op.key ?? keyAt(state, op.parent, op.index);
  nodes.set(op.node, { id: op.node, type: op.type, parent: op.parent, key, props: withoutNulls(op.props ?? {}) });
}

function applySet(state: DocState, nodes: Map<string, DocNode>, op: Op): void {
  if (state.deleted.has(op.node)) {
    return;
  }
  const node = nodes.get(op.node);
  if (!node) {
    throw new OpError(`Node '${op.node}' was not found`);
  }
  const props = { ...node.props };
  for (const [name, value] of Object.entries(op.props ?? {})) {
    if (value === null) {
      delete props[name];
    } else {
      props[name] = value;
    }
  }
  nodes.set(op.node, { ...node, props });
}

function applyDelete(state: DocState, nodes: Map<string, DocNode>, deleted: Set<string>, op: Op): void {
  if (state.deleted.has(op.node)) {
    return;
  }
  if (op.node === state.rootId) {
    throw new OpError('The root cannot be deleted');
  }
  if (!nodes.has(op.node)) {
    throw new OpError(`Node '${op.node}' was not found`);
  }
  for (const node of subtree(state, op.node)) {
    nodes.delete(node.id);
    deleted.add(node.id);
  }
}

function applyMove(state: DocState, nodes: Map<string, DocNode>, op: Op): void {
  if (state.deleted.has(op.node) || (op.parent !== undefined && state.deleted.has(op.parent))) {
    return;
  }
  const node = nodes.get(op.node);
  if (!node) {
    throw new OpError(`Node '${op.node}' was not found`);
  }
  if (op.node === state.rootId) {
    throw new OpError('The root cannot be moved');
  }
  const parentId = op.parent ?? node.parent!;
  const parent = nodes.get(parentId);
  if (!parent) {
    throw new OpError(`Parent '${parentId}' was not found`);
  }
  if (!isContainer(parent.type)) {
    throw new OpError(`Parent '${parentId}' is a ${parent.type} and cannot have children`);
  }
  if (isAncestorOrSelf(state, op.node, parentId)) {
    throw new OpError(`Moving '${op.node}' into '${parentId}' would make it its own ancestor`);
  }
  const key = op.key ?? keyAt(state, parentId, op.index, op.node);
  nodes.set(op.node, { ...node, parent: parentId, key });
}

function withoutNulls(props: Record<string, PropValue>): Record<string, PropValue> {
  const result: Record<string, PropValue> = {};
  for (const [name, value] of Object.entries(props)) {
    if (value !== null) {
      result[name] = value;
    }
  }
  return result;
}
