import type { DocumentSnapshot } from '../api/types';
import type { DocState } from '../doc/model';

export interface DocumentDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/**
 * Compares a version with the current document: nodes only in the current one were added since
 * the version, nodes only in the version were removed, and nodes in both with other properties,
 * parent or order were changed.
 */
export function diffDocuments(version: DocumentSnapshot, current: DocState): DocumentDiff {
  const old = new Map(version.nodes.map((node) => [node.id, node]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const node of current.nodes.values()) {
    const before = old.get(node.id);
    if (!before) {
      added.push(node.id);
    } else if (before.parent !== node.parent || before.key !== node.key || !sameProps(before.props, node.props)) {
      changed.push(node.id);
    }
  }
  const removed = version.nodes.filter((node) => !current.nodes.has(node.id)).map((node) => node.id);
  return { added, removed, changed };
}

function sameProps(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) {
      return false;
    }
  }
  return true;
}
