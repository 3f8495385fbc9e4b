import type Konva from 'konva';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { projects } from '../api/client';
import type { DocNode, FilterRef } from '../api/types';
import { Arrow, Ellipse, Group, Label, Layer, Line, Rect, Stage, Tag, Text, Transformer } from 'react-konva';
import type { NodeType } from '../api/types';
import { num, str } from '../doc/properties';
import { useT } from '../i18n';
import { useToast } from '../ui/Toast';
import { createShape, editableSelection, round } from './commands';
import { useDoc, useEditor, usePresence, useUi } from './context';
import { absoluteBox, boxFromPoints, lineFromPoints } from './geometry';
import { FilteredRenderContext, NodeChildren } from './NodeShapes';
import { placeImageFiles } from './images';
import { errorText } from '../ui/errors';

interface Draft {
  tool: 'rect' | 'ellipse' | 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A click without a drag creates a shape of this size. */
const DEFAULT_SIZE = 100;
/** Drags shorter than this, in screen pixels, count as clicks. */
const CLICK_TOLERANCE = 3;

export function Canvas() {
  const t = useT();
  const services = useEditor();
  const { documents, ui, connection, canEdit } = services;
  const view = useDoc((state) => state.view);
  const tool = useUi((state) => state.tool);
  const selection = useUi((state) => state.selection);
  const viewport = useUi((state) => state.viewport);
  const peers = usePresence((state) => state.peers);
  const following = usePresence((state) => state.following);
  const showToast = useToast((state) => state.show);

  const wrapRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const transformerRef = useRef<Konva.Transformer>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [editingText, setEditingText] = useState<{ id: string; value: string } | null>(null);
  const textEditFinished = useRef(false);
  const panRef = useRef<{ startX: number; startY: number; viewX: number; viewY: number } | null>(null);

  const selectionSet = useMemo(() => new Set(selection), [selection]);
  const confirmed = useDoc((state) => state.confirmed);
  const confirmedRef = useRef(confirmed);
  confirmedRef.current = confirmed;

  // Stable, so that memoised shapes re-render only when their own node changes (an
  // acknowledgement replaces the node object, which then picks up the server render).
  const filteredRender = useCallback((node: DocNode): string | null => {
    const filters = node.props.filters as FilterRef[] | undefined;
    if (!filters || filters.length === 0) {
      return null;
    }
    // NOTE: the server renders a rotated node's bounding box, which would need its own placement,
    // so rotated filtered nodes are drawn without their filters.
    if ((node.props.rotation ?? 0) !== 0) {
      return null;
    }
    const stored = confirmedRef.current.nodes.get(node.id);
    const state = JSON.stringify(node.props);
    if (!stored || JSON.stringify(stored.props) !== state) {
      return null;
    }
    return `${projects.exportUrl(services.projectId, { node: node.id })}&v=${hashText(state)}`;
  }, [services.projectId]);
  const root = view.nodes.get(view.rootId)!;
  const panning = tool === 'hand' || spaceHeld;

  useEffect(() => {
    const element = wrapRef.current;
    if (!element) {
      return;
    }
    const observer = new ResizeObserver(([entry]) => {
      setSize({ width: Math.max(1, entry.contentRect.width), height: Math.max(1, entry.contentRect.height) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Holding Space pans, as in other design tools. Releasing it brings the previous tool back.
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (event.code === 'Space' && event.target === wrapRef.current) {
        event.preventDefault();
        setSpaceHeld(true);
      }
    };
    const up = (event: KeyboardEvent) => {
      if (event.code === 'Space') {
        setSpaceHeld(false);
      }
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, []);

  // The transformer follows the editable selection on every document change.
  useEffect(() => {
    const transformer = transformerRef.current;
    const stage = stageRef.current;
    if (!transformer || !stage) {
      return;
    }
    const ids = tool === 'select' && canEdit ? editableSelection(view, selection) : [];
    const nodes = ids
      .map((id) => stage.findOne((candidate: Konva.Node) => candidate.id() === id))
      .filter((node): node is Konva.Node => node !== undefined);
    transformer.nodes(nodes);
    transformer.getLayer()?.batchDraw();
  }, [view, selection, tool, canEdit]);

  // Follow mode keeps the followed collaborator's pointer in the middle of the canvas.
  const followed = following ? peers[following] : undefined;
  useEffect(() => {
    if (!followed?.cursor) {
      return;
    }
    const { scale } = ui.getState().viewport;
    ui.getState().setViewport({ scale, x: size.width / 2 - followed.cursor.x * scale, y: size.height / 2 - followed.cursor.y * scale });
  }, [followed?.cursor, size, ui]);

  function toDocument(screenX: number, screenY: number) {
    const { x, y, scale } = ui.getState().viewport;
    return { x: (screenX - x) / scale, y: (screenY - y) / scale };
  }

  function pointer() {
    const position = stageRef.current?.getPointerPosition();
    return position ? toDocument(position.x, position.y) : null;
  }

  /** Picks the document node under a click: the top-level one unless a nested one is selected, or Ctrl/Cmd is held. */
  function pickNode(target: Konva.Node, deep: boolean): string | null {
    const chain: string[] = [];
    let current: Konva.Node | null = target;
    while (current && current !== stageRef.current) {
      if (current.name() === 'doc-node' && view.nodes.has(current.id())) {
        chain.push(current.id());
      }
      current = current.getParent();
    }
    if (chain.length === 0) {
      return null;
    }
    if (deep) {
      return chain[0];
    }
    const alreadySelected = chain.find((id) => selectionSet.has(id));
    return alreadySelected ?? chain[chain.length - 1];
  }

  function onMouseDown(event: Konva.KonvaEventObject<MouseEvent>) {
    wrapRef.current?.focus({ preventScroll: true });
    const mouse = event.evt;
    if (panning || mouse.button === 1) {
      panRef.current = { startX: mouse.clientX, startY: mouse.clientY, viewX: viewport.x, viewY: viewport.y };
      return;
    }
    if (mouse.button !== 0) {
      return;
    }
    const point = pointer();
    if (!point) {
      return;
    }
    if (tool === 'select') {
      if (event.target.getParent()?.className === 'Transformer') {
        return;
      }
      const id = pickNode(event.target, mouse.ctrlKey || mouse.metaKey);
      if (!id) {
        ui.getState().select([]);
      } else if (mouse.shiftKey) {
        ui.getState().select(selectionSet.has(id) ? selection.filter((each) => each !== id) : [...selection, id]);
      } else if (!selectionSet.has(id)) {
        ui.getState().select([id]);
      }
      return;
    }
    if (!canEdit) {
      return;
    }
    if (tool === 'rect' || tool === 'ellipse' || tool === 'line') {
      setDraft({ tool, x1: point.x, y1: point.y, x2: point.x, y2: point.y });
    } else if (tool === 'text') {
      addShape('text', { x: point.x, y: point.y, width: 240, height: 40 }, { text: t('canvas.newText'), fontSize: 24 });
    } else if (tool === 'image') {
      ui.getState().setTool('select');
      document.getElementById('image-file-input')?.click();
    }
  }

  function onMouseMove(event: Konva.KonvaEventObject<MouseEvent>) {
    const pan = panRef.current;
    if (pan) {
      ui.getState().setViewport({ ...viewport, x: pan.viewX + event.evt.clientX - pan.startX, y: pan.viewY + event.evt.clientY - pan.startY });
      return;
    }
    const point = pointer();
    if (point) {
      connection?.sendPresence(point, selection);
    }
    if (draft && point) {
      setDraft({ ...draft, x2: point.x, y2: point.y });
    }
  }

  function onMouseUp() {
    panRef.current = null;
    if (!draft) {
      return;
    }
    const { scale } = viewport;
    const clicked = Math.hypot(draft.x2 - draft.x1, draft.y2 - draft.y1) * scale < CLICK_TOLERANCE;
    let x2 = draft.x2;
    let y2 = draft.y2;
    if (clicked) {
      // A click makes a default-sized shape; a clicked line is horizontal.
      x2 = draft.x1 + DEFAULT_SIZE;
      y2 = draft.tool === 'line' ? draft.y1 : draft.y1 + DEFAULT_SIZE;
    }
    setDraft(null);
    if (draft.tool === 'line') {
      const line = lineFromPoints(draft.x1, draft.y1, x2, y2);
      addShape('line', line, { rotation: round(line.rotation), strokeWidth: 2 });
    } else {
      addShape(draft.tool, boxFromPoints(draft.x1, draft.y1, x2, y2));
    }
  }

  function addShape(type: NodeType, box: { x: number; y: number; width: number; height: number }, extra = {}) {
    const { id, ops } = createShape(type, box, extra, view.rootId);
    try {
      documents.getState().edit(ops);
      ui.getState().select([id]);
      ui.getState().setTool('select');
    } catch (error) {
      showToast(errorText(t, error));
    }
  }

  /** Opens the text editor over a text node that is double-clicked with the select tool. */
  function onDoubleClick(event: Konva.KonvaEventObject<MouseEvent>) {
    if (tool !== 'select' || !canEdit) {
      return;
    }
    const id = pickNode(event.target, true);
    const node = id ? view.nodes.get(id) : undefined;
    if (node?.type === 'text' && !node.props.locked) {
      ui.getState().select([node.id]);
      textEditFinished.current = false;
      setEditingText({ id: node.id, value: str(node, 'text') });
    }
  }

  function finishTextEdit(commit: boolean) {
    // Escape and Ctrl+Enter unmount the text area, which can fire blur as well: finish only once.
    const editing = editingText;
    if (!editing || textEditFinished.current) {
      return;
    }
    textEditFinished.current = true;
    setEditingText(null);
    wrapRef.current?.focus({ preventScroll: true });
    const node = editing ? view.nodes.get(editing.id) : undefined;
    if (commit && editing && node && editing.value !== str(node, 'text')) {
      documents.getState().edit([{ kind: 'set', node: editing.id, props: { text: editing.value } }]);
    }
  }

  function onWheel(event: Konva.KonvaEventObject<WheelEvent>) {
    event.evt.preventDefault();
    const position = stageRef.current?.getPointerPosition();
    if (!position) {
      return;
    }
    if (event.evt.ctrlKey || event.evt.metaKey) {
      ui.getState().zoomAt(Math.exp(-event.evt.deltaY / 300), position.x, position.y);
    } else {
      ui.getState().setViewport({ ...viewport, x: viewport.x - event.evt.deltaX, y: viewport.y - event.evt.deltaY });
    }
  }

  /** Writes a finished drag back as x and y; other selected nodes move by the same distance. */
  function onDragEnd(event: Konva.KonvaEventObject<DragEvent>) {
    const target = event.target;
    const node = view.nodes.get(target.id());
    if (!node) {
      return;
    }
    const width = num(node, 'width');
    const height = num(node, 'height');
    const dx = target.x() - width / 2 - num(node, 'x');
    const dy = target.y() - height / 2 - num(node, 'y');
    const ids = new Set([node.id, ...editableSelection(view, selection)]);
    const ops = [...ids].map((id) => {
      const each = view.nodes.get(id)!;
      return { kind: 'set' as const, node: id, props: { x: round(num(each, 'x') + dx), y: round(num(each, 'y') + dy) } };
    });
    documents.getState().edit(ops);
  }

  /** Writes a finished resize or rotation back as size, position and rotation, and resets Konva's scale. */
  function onTransformEnd() {
    const transformer = transformerRef.current;
    if (!transformer) {
      return;
    }
    const ops = transformer.nodes().flatMap((shape) => {
      const node = view.nodes.get(shape.id());
      if (!node) {
        return [];
      }
      const width = Math.max(1, num(node, 'width') * shape.scaleX());
      const height = node.type === 'line' ? num(node, 'height') * shape.scaleY() : Math.max(1, num(node, 'height') * shape.scaleY());
      shape.scaleX(1);
      shape.scaleY(1);
      // Konva lets rotation grow past a full turn; the document accepts -360 to 360.
      const rotation = shape.rotation() % 360;
      const props: Record<string, number> = {
        x: round(shape.x() - width / 2),
        y: round(shape.y() - height / 2),
        width: round(width),
        height: round(Math.max(0, height)),
        rotation: round(rotation),
      };
      return [{ kind: 'set' as const, node: node.id, props }];
    });
    if (ops.length > 0) {
      documents.getState().edit(ops);
    }
  }

  function onDrop(event: React.DragEvent) {
    event.preventDefault();
    if (!canEdit || event.dataTransfer.files.length === 0) {
      return;
    }
    const rect = wrapRef.current!.getBoundingClientRect();
    const point = toDocument(event.clientX - rect.left, event.clientY - rect.top);
    void placeImageFiles(services, [...event.dataTransfer.files], point, (message) => showToast(message), t);
  }

  // The shapes are kept while only the viewport changes, so panning and zooming move the stage
  // without React walking thousands of nodes.
  const onDragEndRef = useRef(onDragEnd);
  onDragEndRef.current = onDragEnd;
  const stableDragEnd = useCallback((event: Konva.KonvaEventObject<DragEvent>) => onDragEndRef.current(event), []);
  const dragging = tool === 'select' && canEdit && !panning;
  const documentShapes = useMemo(() => (
    <FilteredRenderContext.Provider value={filteredRender}>
      <NodeChildren view={view} parentId={view.rootId} dragging={dragging} selection={selectionSet} onDragEnd={stableDragEnd} />
    </FilteredRenderContext.Provider>
  ), [filteredRender, view, dragging, selectionSet, stableDragEnd]);

  const draftShape = draft && (() => {
    const style = { stroke: '#3b3bd4', strokeWidth: 1 / viewport.scale, dash: [4 / viewport.scale, 4 / viewport.scale], listening: false };
    if (draft.tool === 'line') {
      return <Line points={[draft.x1, draft.y1, draft.x2, draft.y2]} {...style} />;
    }
    const box = boxFromPoints(draft.x1, draft.y1, draft.x2, draft.y2);
    if (draft.tool === 'ellipse') {
      return <Ellipse x={box.x + box.width / 2} y={box.y + box.height / 2} radiusX={box.width / 2} radiusY={box.height / 2} {...style} />;
    }
    return <Rect {...box} {...style} />;
  })();

  let cursorStyle = tool === 'select' ? 'default' : 'crosshair';
  if (panning) {
    cursorStyle = panRef.current ? 'grabbing' : 'grab';
  }

  return (
    <div
      ref={wrapRef}
      className="canvas-wrap"
      tabIndex={0}
      role="application"
      aria-roledescription={t('canvas.roleDescription')}
      aria-label={t('canvas.label')}
      aria-describedby="canvas-help"
      style={{ cursor: cursorStyle }}
      onDragOver={(event) => event.preventDefault()}
      onDrop={onDrop}
    >
      <p id="canvas-help" className="visually-hidden">{t('canvas.help')}</p>
      <Stage
        ref={stageRef}
        width={size.width}
        height={size.height}
        x={viewport.x}
        y={viewport.y}
        scaleX={viewport.scale}
        scaleY={viewport.scale}
        onMouseDown={onMouseDown}
        onMouseMove={onMouseMove}
        onMouseUp={onMouseUp}
        onMouseLeave={() => connection?.sendPresence(null, selection)}
        onDblClick={onDoubleClick}
        onWheel={onWheel}
      >
        <Layer ref={(layer) => { services.documentLayer.current = layer; }}>
          <Rect
            x={0} y={0} width={num(root, 'width')} height={num(root, 'height')} fill={str(root, 'fill')}
            shadowColor="#000" shadowOpacity={0.15} shadowBlur={8} listening={false} perfectDrawEnabled={false}
          />
          {documentShapes}
        </Layer>
        <Layer>
          {draftShape}
          <Transformer
            ref={transformerRef}
            rotateEnabled
            flipEnabled={false}
            ignoreStroke
            onTransformEnd={onTransformEnd}
            boundBoxFunc={(oldBox, newBox) => (newBox.width < 1 || newBox.height < 1 ? oldBox : newBox)}
          />
          {Object.values(peers).map((peer) => (
            <Group key={peer.sessionId} listening={false}>
              {peer.selection.map((id) => {
                const node = view.nodes.get(id);
                if (!node) return null;
                const box = absoluteBox(view, node);
                return <Rect key={id} {...box} stroke={peer.color} strokeWidth={2 / viewport.scale} />;
              })}
              {peer.cursor && (
                <Group x={peer.cursor.x} y={peer.cursor.y} scaleX={1 / viewport.scale} scaleY={1 / viewport.scale}>
                  <Arrow points={[12, 16, 0, 0]} pointerLength={8} pointerWidth={8} fill={peer.color} stroke={peer.color} strokeWidth={2} />
                  <Label x={12} y={16}>
                    <Tag fill={peer.color} cornerRadius={4} />
                    <Text text={peer.displayName} fill="#ffffff" padding={4} fontSize={12} />
                  </Label>
                </Group>
              )}
            </Group>
          ))}
        </Layer>
      </Stage>
      <div className="canvas-status" aria-hidden="true">{Math.round(viewport.scale * 100)}%</div>
      {editingText && (() => {
        const node = view.nodes.get(editingText.id);
        if (!node) {
          return null;
        }
        // NOTE: the editor is placed on the node's unrotated box, so it sits off a rotated text.
        const box = absoluteBox(view, node);
        return (
          <textarea
            aria-label={t('prop.text')}
            autoFocus
            value={editingText.value}
            maxLength={100_000}
            onChange={(event) => setEditingText({ ...editingText, value: event.target.value })}
            onBlur={() => finishTextEdit(true)}
            onKeyDown={(event) => {
              event.stopPropagation();
              if (event.key === 'Escape') finishTextEdit(false);
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) finishTextEdit(true);
            }}
            style={{
              position: 'absolute',
              left: viewport.x + box.x * viewport.scale,
              top: viewport.y + box.y * viewport.scale,
              width: Math.max(40, box.width * viewport.scale),
              height: Math.max(24, box.height * viewport.scale),
              fontSize: num(node, 'fontSize') * viewport.scale,
              lineHeight: 1,
              padding: 0,
              resize: 'none',
              background: 'rgb(255 255 255 / 0.9)',
            }}
          />
        );
      })()}
    </div>
  );
}

/** Returns a short hash of a string (FNV-1a, 32 bits) for cache-busting URLs; not for security. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
