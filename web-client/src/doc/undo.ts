import type { Op, PropValue } from '../api/types';
import { newNodeId } from './ids';
import { type DocState, applyOps, subtree } from './model';

/**
 * Returns ops that revert `ops` when applied after them, computed against the state before
 * them. The ops carry no op ids yet: each undo gets fresh ids when it runs.
 */
export function invert(before: DocState, ops: readonly Op[]): Op[] {
  const inverse: Op[] = [];
  let state = before;
  for (const op of ops) {
    inverse.push(...invertOne(state, op));
    state = applyOps(state, [op]);
  }
  return inverse.reverse();
}

function invertOne(state: DocState, op: Op): Op[] {
  const node = state.nodes.get(op.node);
  switch (op.kind) {
    case 'create':
      return [{ kind: 'delete', opId: '', node: op.node }];
    case 'set': {
      if (!node) {
        return [];
      }
      const previous: Record<string, PropValue> = {};
      for (const name of Object.keys(op.props ?? {})) {
        previous[name] = node.props[name] ?? null;
      }
      return [{ kind: 'set', opId: '', node: op.node, props: previous }];
    }
    case 'delete':
      // Recreated in reverse so that, after the final reverse(), parents come before children.
      return subtree(state, op.node).map((each) => ({
        kind: 'create' as const,
        opId: '',
        node: each.id,
        type: each.type,
        parent: each.parent!,
        key: each.key!,
        props: { ...each.props },
      })).reverse();
    case 'move':
      if (!node) {
        return [];
      }
      return [{ kind: 'move', opId: '', node: op.node, parent: node.parent!, key: node.key! }];
  }
}

/**
 * Prepares a recorded inverse for running against the current state, so that undo never reverts
 * somebody else's later work:
 * - a property is reset only while it still holds the value this user set; a collaborator's
 *   later change to it wins;
 * - a node that a collaborator deleted is not touched;
 * - nodes that an undo recreates get new ids, because the server skips creates that reuse the
 *   id of a deleted node. `renames` collects the old-to-new id pairs for the remaining history.
 */
export function prepareUndo(current: DocState, inverse: readonly Op[], forward: readonly Op[],
  renames: Map<string, string>): Op[] {
  const setByUs = new Map<string, Record<string, PropValue>>();
  for (const op of forward) {
    if (op.kind === 'set') {
      setByUs.set(op.node, { ...(setByUs.get(op.node) ?? {}), ...(op.props ?? {}) });
    }
  }

  const result: Op[] = [];
  for (const op of inverse) {
    const target = renames.get(op.node) ?? op.node;
    switch (op.kind) {
      case 'set': {
        const node = current.nodes.get(target);
        if (!node) {
          break;
        }
        const ours = setByUs.get(op.node) ?? {};
        const props: Record<string, PropValue> = {};
        for (const [name, value] of Object.entries(op.props ?? {})) {
          const now = node.props[name] ?? null;
          if (!(name in ours) || sameValue(now, ours[name] ?? null)) {
            props[name] = value;
          }
        }
        if (Object.keys(props).length > 0) {
          result.push({ ...op, node: target, props });
        }
        break;
      }
      case 'create': {
        const parent = op.parent ? renames.get(op.parent) ?? op.parent : undefined;
        if (current.nodes.has(target)) {
          break;
        }
        const fresh = current.deleted.has(target) ? newNodeId() : target;
        renames.set(op.node, fresh);
        result.push({ ...op, node: fresh, parent });
        break;
      }
      case 'delete':
      case 'move': {
        if (!current.nodes.has(target)) {
          break;
        }
        const parent = op.parent ? renames.get(op.parent) ?? op.parent : undefined;
        result.push(parent === undefined ? { ...op, node: target } : { ...op, node: target, parent });
        break;
      }
    }
  }
  return result;
}

function sameValue(a: PropValue, b: PropValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  return a === b;
}

/** Rewrites node ids in recorded ops after an undo gave recreated nodes new ids. */
export function renameOps(ops: readonly Op[], renames: ReadonlyMap<string, string>): Op[] {
  if (renames.size === 0) {
    return [...ops];
  }
  return ops.map((op) => ({
    ...op,
    node: renames.get(op.node) ?? op.node,
    ...(op.parent !== undefined ? { parent: renames.get(op.parent) ?? op.parent } : {}),
  }));
}
