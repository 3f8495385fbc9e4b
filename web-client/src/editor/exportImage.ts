import type Konva from 'konva';
import type { DocState } from '../doc/model';
import { num } from '../doc/properties';

export interface ExportOptions {
  format: 'png' | 'jpeg';
  /** Output pixels per document unit: 1 or 2. */
  scale: number;
  /** Node ids to export together, or null for the whole document. */
  nodes: string[] | null;
}

/** JPEG quality, the same as the server's export. */
const JPEG_QUALITY = 0.9;

/**
 * Renders the document or the selected nodes from the canvas's document layer into a PNG or
 * JPEG. JPEG has no transparency, so transparent areas are flattened onto white as the server's
 * export does.
 *
 * This renders in the browser, so plugin filters, which only the server applies, are not in the
 * exported image; the export dialog asks the server instead when filters are involved.
 */
export async function exportImage(layer: Konva.Layer, view: DocState, options: ExportOptions): Promise<Blob> {
  const stage = layer.getStage();
  const stageScale = stage.scaleX();
  const region = options.nodes ? selectionBox(layer, options.nodes) : documentBox(view);
  if (!region || region.width <= 0 || region.height <= 0) {
    throw new Error('Nothing to export');
  }

  // toCanvas takes the region in stage (screen) coordinates, so the viewport transform applies.
  const canvas = layer.toCanvas({
    x: stage.x() + region.x * stageScale,
    y: stage.y() + region.y * stageScale,
    width: region.width * stageScale,
    height: region.height * stageScale,
    pixelRatio: options.scale / stageScale,
  });

  let output: HTMLCanvasElement = canvas;
  if (options.format === 'jpeg') {
    output = document.createElement('canvas');
    output.width = canvas.width;
    output.height = canvas.height;
    const context = output.getContext('2d')!;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, output.width, output.height);
    context.drawImage(canvas, 0, 0);
  }
  return new Promise((resolve, reject) => {
    output.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not encode the image'))),
      options.format === 'jpeg' ? 'image/jpeg' : 'image/png', JPEG_QUALITY);
  });
}

function documentBox(view: DocState) {
  const root = view.nodes.get(view.rootId)!;
  return { x: 0, y: 0, width: num(root, 'width'), height: num(root, 'height') };
}

function selectionBox(layer: Konva.Layer, ids: string[]) {
  let box: { x: number; y: number; width: number; height: number } | null = null;
  for (const id of ids) {
    const node = layer.findOne((candidate: Konva.Node) => candidate.id() === id);
    if (!node) {
      continue;
    }
    const rect = node.getClientRect({ relativeTo: layer });
    if (!box) {
      box = rect;
    } else {
      const x = Math.min(box.x, rect.x);
      const y = Math.min(box.y, rect.y);
      box = { x, y, width: Math.max(box.x + box.width, rect.x + rect.width) - x, height: Math.max(box.y + box.height, rect.y + rect.height) - y };
    }
  }
  return box;
}
