import { projects, uploadImage } from '../api/client';
import type { DocState } from '../doc/model';
import { num } from '../doc/properties';
import type { EditorServices } from './context';
import { exportImage } from './exportImage';

/** Thumbnails are rendered this many pixels wide at most. */
const THUMBNAIL_WIDTH = 320;

/**
 * Renders the document small in the browser, uploads it as an image of the project and makes it
 * the project's thumbnail, so the project list can show it. Returns without error when there is
 * no canvas yet.
 *
 * @throws ApiError when the upload or the project update fails
 */
export async function saveThumbnail(services: EditorServices, view: DocState): Promise<void> {
  const layer = services.documentLayer.current;
  if (!layer) {
    return;
  }
  const root = view.nodes.get(view.rootId)!;
  const scale = Math.min(1, THUMBNAIL_WIDTH / Math.max(1, num(root, 'width')));
  const blob = await exportImage(layer, view, { format: 'png', scale, nodes: null });
  const image = await uploadImage(new Blob([blob], { type: 'image/png' }), services.projectId, () => undefined);
  await projects.setThumbnail(services.projectId, image.id);
}
