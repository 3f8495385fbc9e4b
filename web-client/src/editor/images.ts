import { uploadImage } from '../api/client';
import type { Translate } from '../i18n';
import { errorText } from '../ui/errors';
import { createShape } from './commands';
import type { EditorServices } from './context';

/** Placed images are scaled down to fit this many document units on their longer side. */
const MAX_PLACED_SIZE = 800;

/**
 * Uploads image files one after another with a progress bar, then places each as an image node
 * at `point`, offset a little per file. Failures are reported and the other files still go on.
 */
export async function placeImageFiles(services: EditorServices, files: File[], point: { x: number; y: number },
  report: (message: string) => void, t: Translate): Promise<void> {
  const { ui, documents, projectId } = services;
  let offset = 0;
  for (const file of files) {
    if (!file.type.startsWith('image/') && file.type !== '') {
      report(t('upload.notImage', { name: file.name }));
      continue;
    }
    ui.getState().setUpload({ name: file.name, fraction: 0 });
    try {
      const info = await uploadImage(file, projectId, (fraction) => ui.getState().setUpload({ name: file.name, fraction }));
      const scale = Math.min(1, MAX_PLACED_SIZE / Math.max(info.width, info.height, 1));
      const { id, ops } = createShape('image', {
        x: point.x + offset,
        y: point.y + offset,
        width: Math.max(1, info.width * scale),
        height: Math.max(1, info.height * scale),
      }, { image: info.id, name: file.name.slice(0, 256) });
      documents.getState().edit(ops);
      ui.getState().select([id]);
      offset += 20;
    } catch (error) {
      report(t('upload.failed', { name: file.name, message: errorText(t, error) }));
    } finally {
      ui.getState().setUpload(null);
    }
  }
}
