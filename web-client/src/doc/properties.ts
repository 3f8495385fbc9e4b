import type { DocNode, NodeType, PropValue } from '../api/types';

/** Value kinds of node properties, as in the server's ValueKind enum. */
export type ValueKind = 'number' | 'boolean' | 'string' | 'text' | 'color' | 'enum' | 'sha256' | 'pathData' | 'filters' | 'fontWeight';

export interface PropertySpec {
  name: string;
  kind: ValueKind;
  min: number;
  max: number;
  defaultValue: PropValue;
  types: ReadonlySet<NodeType>;
  choices?: readonly string[];
}

const ALL: NodeType[] = ['root', 'frame', 'group', 'image', 'rect', 'ellipse', 'line', 'path', 'text'];
const ALL_BUT_ROOT = ALL.filter((type) => type !== 'root');

function spec(name: string, kind: ValueKind, min: number, max: number, defaultValue: PropValue,
  types: NodeType[], choices?: string[]): PropertySpec {
  return { name, kind, min, max, defaultValue, types: new Set(types), choices };
}

export const BLEND_MODES = ['normal', 'multiply', 'screen', 'darken', 'lighten', 'difference'] as const;
export const TEXT_ALIGNS = ['left', 'center', 'right'] as const;

/**
 * The node properties with their ranges and defaults. This copies the server's Property enum
 * (io.pixelcraft.api.document.Property); a change there must be made here too.
 */
export const PROPERTIES: readonly PropertySpec[] = [
  spec('name', 'string', 0, 256, '', ALL),
  spec('x', 'number', -1_000_000, 1_000_000, 0, ALL_BUT_ROOT),
  spec('y', 'number', -1_000_000, 1_000_000, 0, ALL_BUT_ROOT),
  spec('width', 'number', 0, 1_000_000, 100, ALL),
  spec('height', 'number', 0, 1_000_000, 100, ALL),
  spec('rotation', 'number', -360, 360, 0, ALL_BUT_ROOT),
  spec('opacity', 'number', 0, 1, 1, ALL_BUT_ROOT),
  spec('blendMode', 'enum', 0, 0, 'normal', ALL_BUT_ROOT, [...BLEND_MODES]),
  spec('visible', 'boolean', 0, 0, true, ALL_BUT_ROOT),
  spec('locked', 'boolean', 0, 0, false, ALL_BUT_ROOT),
  spec('filters', 'filters', 0, 16, [], ALL_BUT_ROOT),
  spec('fill', 'color', 0, 0, '#d9d9d9', ['root', 'frame', 'rect', 'ellipse', 'path']),
  spec('stroke', 'color', 0, 0, '#00000000', ['rect', 'ellipse', 'line', 'path']),
  spec('strokeWidth', 'number', 0, 1000, 0, ['rect', 'ellipse', 'line', 'path']),
  spec('cornerRadius', 'number', 0, 1_000_000, 0, ['frame', 'rect']),
  spec('clip', 'boolean', 0, 0, true, ['frame']),
  spec('image', 'sha256', 0, 0, null, ['image']),
  spec('cropX', 'number', 0, 1, 0, ['image']),
  spec('cropY', 'number', 0, 1, 0, ['image']),
  spec('cropWidth', 'number', 0.000001, 1, 1, ['image']),
  spec('cropHeight', 'number', 0.000001, 1, 1, ['image']),
  spec('d', 'pathData', 0, 0, '', ['path']),
  spec('text', 'text', 0, 0, '', ['text']),
  spec('fontFamily', 'string', 1, 100, 'SansSerif', ['text']),
  spec('fontSize', 'number', 1, 1000, 16, ['text']),
  spec('fontWeight', 'fontWeight', 100, 900, 400, ['text']),
  spec('textAlign', 'enum', 0, 0, 'left', ['text'], [...TEXT_ALIGNS]),
  spec('color', 'color', 0, 0, '#000000', ['text']),
];

const BY_NAME = new Map(PROPERTIES.map((property) => [property.name, property]));

export function propertySpec(name: string): PropertySpec | undefined {
  return BY_NAME.get(name);
}

/** Returns the default of a property for a node type, with the server's per-type exceptions. */
export function defaultFor(name: string, type: NodeType): PropValue {
  if (name === 'fill' && (type === 'root' || type === 'frame')) {
    return '#ffffff';
  }
  if (name === 'stroke' && type === 'line') {
    return '#000000';
  }
  if (name === 'strokeWidth' && type === 'line') {
    return 1;
  }
  return BY_NAME.get(name)?.defaultValue ?? null;
}

/** Returns the property's value or its default. */
export function prop(node: DocNode, name: string): PropValue {
  const value = node.props[name];
  return value === undefined || value === null ? defaultFor(name, node.type) : value;
}

export function num(node: DocNode, name: string): number {
  return prop(node, name) as number;
}

export function str(node: DocNode, name: string): string {
  return (prop(node, name) as string | null) ?? '';
}

export function flag(node: DocNode, name: string): boolean {
  return prop(node, name) as boolean;
}

/** Clamps a number into the property's range, so the client never sends a value the server rejects. */
export function clampProp(name: string, value: number): number {
  const property = BY_NAME.get(name);
  if (!property || !Number.isFinite(value)) {
    return property ? (property.defaultValue as number) : value;
  }
  return Math.min(property.max, Math.max(property.min, value));
}

export function appliesTo(name: string, type: NodeType): boolean {
  return BY_NAME.get(name)?.types.has(type) ?? false;
}
