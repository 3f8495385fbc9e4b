import type { DocNode } from '../api/types';
import type { DocState } from '../doc/model';
import { num } from '../doc/properties';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Returns a node's box in document coordinates by adding its ancestors' offsets. Rotation of
 * the ancestors is ignored, so the box is approximate inside rotated groups. It is meant for
 * outlines of collaborators' selections, not for hit testing.
 */
export function absoluteBox(view: DocState, node: DocNode): Box {
  let x = num(node, 'x');
  let y = num(node, 'y');
  let parentId = node.parent;
  while (parentId && parentId !== view.rootId) {
    const parent = view.nodes.get(parentId);
    if (!parent) {
      break;
    }
    x += num(parent, 'x');
    y += num(parent, 'y');
    parentId = parent.parent;
  }
  return { x, y, width: num(node, 'width'), height: num(node, 'height') };
}

/** Converts a drag from (x1, y1) to (x2, y2) into a line node's box and rotation, rotating around its centre. */
export function lineFromPoints(x1: number, y1: number, x2: number, y2: number) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = Math.hypot(dx, dy);
  const rotation = (Math.atan2(dy, dx) * 180) / Math.PI;
  const midX = (x1 + x2) / 2;
  const midY = (y1 + y2) / 2;
  return { x: midX - length / 2, y: midY, width: length, height: 0, rotation };
}

/** Normalises a drag rectangle so that width and height are never negative. */
export function boxFromPoints(x1: number, y1: number, x2: number, y2: number): Box {
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}
