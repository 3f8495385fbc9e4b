import type Konva from 'konva';
import { createContext, memo, useContext, useEffect, useState } from 'react';
import { Ellipse, Group, Image as KonvaImage, Line, Path, Rect, Text } from 'react-konva';
import { imageUrl } from '../api/client';
import type { DocNode } from '../api/types';
import { type DocState, childrenOf } from '../doc/model';
import { flag, num, str } from '../doc/properties';
import { useImageElement, useImageState } from './useImageElement';

/** Returns the Canvas 2D composite operation of a blend mode. The names match except for normal. */
function compositeOf(blendMode: string): GlobalCompositeOperation {
  return (blendMode === 'normal' ? 'source-over' : blendMode) as GlobalCompositeOperation;
}

/** Returns a CSS colour for Konva. Document colours are `#RRGGBB` or `#RRGGBBAA`, which canvas accepts as they are. */
function color(value: string): string {
  return value;
}

function fontFamily(name: string): string {
  if (name === 'SansSerif') return 'sans-serif';
  if (name === 'Serif') return 'serif';
  if (name === 'Monospaced') return 'monospace';
  return name;
}

/**
 * Common Konva attributes. Documents rotate nodes around their centre and place them by their
 * top-left corner, so each shape sits at its centre with an offset of half its size.
 */
export function placement(node: DocNode, centred = true) {
  const width = num(node, 'width');
  const height = num(node, 'height');
  return {
    id: node.id,
    name: 'doc-node',
    x: num(node, 'x') + width / 2,
    y: num(node, 'y') + height / 2,
    offsetX: centred ? width / 2 : 0,
    offsetY: centred ? height / 2 : 0,
    rotation: num(node, 'rotation'),
    opacity: num(node, 'opacity'),
    visible: flag(node, 'visible'),
    globalCompositeOperation: compositeOf(str(node, 'blendMode')),
    perfectDrawEnabled: false,
  };
}

/**
 * Returns the URL of the server's render of a node with its plugin filters applied, or null to
 * draw the node in the browser. Filters run only on the server, so a filtered node shows the
 * server's render once the server has its current state.
 */
export type FilteredRender = (node: DocNode) => string | null;

export const FilteredRenderContext = createContext<FilteredRender>(() => null);

/** Attempts to load a server render before the node is drawn without its filters for good. */
const MAX_RENDER_ATTEMPTS = 5;
const RENDER_RETRY_MS = 2000;

/**
 * Draws the server's render of a filtered node, and the node without filters until it loads.
 * A failed render is requested again a few times, because the render route reads the stored
 * document, which can lag behind the live room.
 */
function FilteredShape(props: ReturnType<typeof placement> & { url: string; width: number; height: number; draggable: boolean;
  onDragEnd: ShapeProps['onDragEnd']; fallback: React.ReactElement }) {
  const { url, fallback, ...rest } = props;
  const [attempt, setAttempt] = useState(0);
  const { image, failed } = useImageState(attempt === 0 ? url : `${url}&attempt=${attempt}`);

  useEffect(() => setAttempt(0), [url]);
  useEffect(() => {
    if (!failed || attempt + 1 >= MAX_RENDER_ATTEMPTS) {
      return;
    }
    const timer = setTimeout(() => setAttempt(attempt + 1), RENDER_RETRY_MS);
    return () => clearTimeout(timer);
  }, [failed, attempt]);

  return image ? <KonvaImage {...rest} image={image} /> : fallback;
}

interface ShapeProps {
  node: DocNode;
  draggable: boolean;
  onDragEnd: (event: Konva.KonvaEventObject<DragEvent>) => void;
}

const LeafShape = memo(function LeafShape({ node, draggable, onDragEnd }: ShapeProps) {
  const filteredUrl = useContext(FilteredRenderContext)(node);
  const common = { ...placement(node), draggable: draggable && !flag(node, 'locked'), onDragEnd };
  const width = num(node, 'width');
  const height = num(node, 'height');
  const plain = <PlainShape node={node} common={common} width={width} height={height} />;
  if (filteredUrl) {
    return <FilteredShape {...common} url={filteredUrl} width={width} height={height} fallback={plain} />;
  }
  return plain;
});

function PlainShape({ node, common, width, height }: { node: DocNode; common: ReturnType<typeof placement> & {
  draggable: boolean; onDragEnd: ShapeProps['onDragEnd'] }; width: number; height: number }) {
  switch (node.type) {
    case 'rect':
      return (
        <Rect {...common} width={width} height={height} fill={color(str(node, 'fill'))}
          stroke={color(str(node, 'stroke'))} strokeWidth={num(node, 'strokeWidth')} cornerRadius={num(node, 'cornerRadius')} />
      );
    case 'ellipse':
      return (
        <Ellipse {...common} offsetX={0} offsetY={0} radiusX={width / 2} radiusY={height / 2}
          fill={color(str(node, 'fill'))} stroke={color(str(node, 'stroke'))} strokeWidth={num(node, 'strokeWidth')} />
      );
    case 'line':
      return (
        <Line {...common} points={[0, 0, width, height]} stroke={color(str(node, 'stroke'))}
          strokeWidth={Math.max(num(node, 'strokeWidth'), 0.5)} hitStrokeWidth={12} />
      );
    case 'path':
      return (
        <Path {...common} data={str(node, 'd')} fill={color(str(node, 'fill'))} stroke={color(str(node, 'stroke'))}
          strokeWidth={num(node, 'strokeWidth')} />
      );
    case 'text':
      return (
        <Text {...common} width={width} height={height} text={str(node, 'text')} fontSize={num(node, 'fontSize')}
          fontFamily={fontFamily(str(node, 'fontFamily'))} fontStyle={String(num(node, 'fontWeight'))}
          align={str(node, 'textAlign')} fill={color(str(node, 'color'))} />
      );
    case 'image':
      return <ImageShape {...common} node={node} width={width} height={height} />;
    default:
      return null;
  }
}

function ImageShape(props: ReturnType<typeof placement> & { node: DocNode; width: number; height: number; draggable: boolean;
  onDragEnd: ShapeProps['onDragEnd'] }) {
  const { node, ...rest } = props;
  const sha = str(node, 'image');
  const element = useImageElement(sha ? imageUrl(sha) : null);
  if (!element) {
    // Placeholder while the image loads or when it is missing, so the node stays selectable.
    return <Rect {...rest} fill="#d0d7de" stroke="#57606a" strokeWidth={1} dash={[6, 4]} />;
  }
  const crop = {
    x: num(node, 'cropX') * element.naturalWidth,
    y: num(node, 'cropY') * element.naturalHeight,
    width: num(node, 'cropWidth') * element.naturalWidth,
    height: num(node, 'cropHeight') * element.naturalHeight,
  };
  return <KonvaImage {...rest} image={element} crop={crop} />;
}

interface TreeProps {
  view: DocState;
  parentId: string;
  /** Whether the select tool is active, so that nodes may be dragged at all. */
  dragging: boolean;
  selection: ReadonlySet<string>;
  onDragEnd: ShapeProps['onDragEnd'];
}

/**
 * Renders the children of a container in z-order, bottom first. Top-level nodes can be dragged
 * at once; nested nodes only once selected, so a drag inside a group moves the group.
 */
export function NodeChildren({ view, parentId, dragging, selection, onDragEnd }: TreeProps) {
  return (
    <>
      {childrenOf(view, parentId).map((node) => {
        const draggable = dragging && (parentId === view.rootId || selection.has(node.id));
        if (node.type === 'group' || node.type === 'frame') {
          return (
            <ContainerShape key={node.id} view={view} node={node} draggable={draggable} dragging={dragging}
              selection={selection} onDragEnd={onDragEnd} />
          );
        }
        return <LeafShape key={node.id} node={node} draggable={draggable} onDragEnd={onDragEnd} />;
      })}
    </>
  );
}

function ContainerShape({ view, node, draggable, dragging, selection, onDragEnd }: {
  view: DocState; node: DocNode; draggable: boolean; dragging: boolean; selection: ReadonlySet<string>;
  onDragEnd: ShapeProps['onDragEnd'] }) {
  const width = num(node, 'width');
  const height = num(node, 'height');
  const clip = node.type === 'frame' && flag(node, 'clip') ? { clipX: 0, clipY: 0, clipWidth: width, clipHeight: height } : {};
  return (
    <Group {...placement(node)} {...clip} draggable={draggable && !flag(node, 'locked')} onDragEnd={onDragEnd}>
      {node.type === 'frame' && (
        <Rect width={width} height={height} fill={str(node, 'fill')} cornerRadius={num(node, 'cornerRadius')} listening={false} />
      )}
      <NodeChildren view={view} parentId={node.id} dragging={dragging} selection={selection} onDragEnd={onDragEnd} />
    </Group>
  );
}
