import { useMemo } from 'react';
import { Layer, Rect, Stage } from 'react-konva';
import type { DocumentSnapshot } from '../api/types';
import { fromSnapshot } from '../doc/model';
import { num, str } from '../doc/properties';
import { NodeChildren } from './NodeShapes';

const NO_SELECTION: ReadonlySet<string> = new Set();

/**
 * Draws a read-only rendering of a snapshot, scaled to fit `maxWidth` by `maxHeight` pixels.
 * It uses the canvas's own shapes, so plugin filters are not shown.
 */
export function DocumentPreview(props: { snapshot: DocumentSnapshot; maxWidth: number; maxHeight: number; label: string }) {
  const view = useMemo(() => fromSnapshot(props.snapshot), [props.snapshot]);
  const root = view.nodes.get(view.rootId)!;
  const width = num(root, 'width');
  const height = num(root, 'height');
  const scale = Math.min(props.maxWidth / width, props.maxHeight / height, 1);
  return (
    <div role="img" aria-label={props.label} style={{ background: '#f6f8fa', display: 'inline-block' }}>
      <Stage width={Math.ceil(width * scale)} height={Math.ceil(height * scale)} scaleX={scale} scaleY={scale} listening={false}>
        <Layer listening={false}>
          <Rect width={width} height={height} fill={str(root, 'fill')} />
          <NodeChildren view={view} parentId={view.rootId} dragging={false} selection={NO_SELECTION} onDragEnd={() => undefined} />
        </Layer>
      </Stage>
    </div>
  );
}
