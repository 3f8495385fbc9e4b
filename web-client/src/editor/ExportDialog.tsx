import { type FormEvent, useState } from 'react';
import { projects } from '../api/client';
import { useT } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errors';
import { useDoc, useEditor, useUi } from './context';
import { exportImage } from './exportImage';

export function ExportDialog(props: { open: boolean; onClose: () => void; projectName: string }) {
  const t = useT();
  const { documentLayer, projectId } = useEditor();
  const view = useDoc((state) => state.view);
  const selection = useUi((state) => state.selection);
  const [format, setFormat] = useState<'png' | 'jpeg'>('png');
  const [scale, setScale] = useState(1);
  const [scope, setScope] = useState<'document' | 'selection'>('document');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Only the server applies plugin filters, but its render route reads the stored document, which
  // can lag behind the live room. So the browser renders unless filters are involved, and the
  // server renders the document or one node when they are.
  // NOTE: several selected nodes with filters are still rendered here, without the filters.
  const exported = scope === 'selection' ? selection : [...view.nodes.keys()];
  const hasFilters = exported.some((id) => ((view.nodes.get(id)?.props.filters as unknown[] | undefined)?.length ?? 0) > 0);
  const needsServer = hasFilters && (scope === 'document' || selection.length === 1);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const layer = documentLayer.current;
    if (!layer) {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      let blob: Blob;
      if (needsServer) {
        blob = await projects.exportBlob(projectId, { format, scale: scale as 1 | 2, node: scope === 'selection' ? selection[0] : undefined });
      } else {
        blob = await exportImage(layer, view, { format, scale, nodes: scope === 'selection' ? selection : null });
      }
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${props.projectName || 'pixelcraft'}${scale === 2 ? '@2x' : ''}.${format === 'jpeg' ? 'jpg' : 'png'}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      props.onClose();
    } catch (caught) {
      setError(errorText(t, caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('export.title')} open={props.open} onClose={props.onClose}>
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('export.format')}</legend>
          <label style={{ fontWeight: 400 }}><input type="radio" name="format" checked={format === 'png'} onChange={() => setFormat('png')} /> PNG</label>
          <label style={{ fontWeight: 400 }}><input type="radio" name="format" checked={format === 'jpeg'} onChange={() => setFormat('jpeg')} /> JPEG</label>
        </fieldset>
        <fieldset>
          <legend>{t('export.scale')}</legend>
          <label style={{ fontWeight: 400 }}><input type="radio" name="scale" checked={scale === 1} onChange={() => setScale(1)} /> 1×</label>
          <label style={{ fontWeight: 400 }}><input type="radio" name="scale" checked={scale === 2} onChange={() => setScale(2)} /> 2×</label>
        </fieldset>
        <fieldset>
          <legend>{t('export.scope')}</legend>
          <label style={{ fontWeight: 400 }}><input type="radio" name="scope" checked={scope === 'document'} onChange={() => setScope('document')} /> {t('export.wholeDocument')}</label>
          <label style={{ fontWeight: 400 }}>
            <input type="radio" name="scope" checked={scope === 'selection'} disabled={selection.length === 0} onChange={() => setScope('selection')} /> {t('export.selection')}
          </label>
        </fieldset>
        {hasFilters && !needsServer && <p className="muted">{t('export.filtersNote')}</p>}
        <p role="alert" className="error">{error}</p>
        <div className="buttons">
          <button type="button" onClick={props.onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={busy}>{t('export.submit')}</button>
        </div>
      </form>
    </Dialog>
  );
}
