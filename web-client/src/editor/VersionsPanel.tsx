import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { versions } from '../api/client';
import { DocumentPreview } from './DocumentPreview';
import type { DocumentSnapshot, Version } from '../api/types';
import { useT } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errors';
import { useAnnouncer } from '../ui/Toast';
import { nodeLabel } from './commands';
import { useDoc } from './context';
import { type DocumentDiff, diffDocuments } from './diff';

/** At most this many node names are listed per kind of change. */
const MAX_LISTED = 20;

/** The server's maximum label length in characters. */
const MAX_LABEL = 100;

export function VersionsPanel(props: { open: boolean; onClose: () => void; projectId: string }) {
  const t = useT();
  const view = useDoc((state) => state.view);
  const announce = useAnnouncer((state) => state.announce);
  const labelId = useId();
  const [list, setList] = useState<Version[]>([]);
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ version: Version; snapshot: DocumentSnapshot; diff: DocumentDiff } | null>(null);

  const load = useCallback(async () => {
    try {
      setList(await versions.list(props.projectId));
    } catch (caught) {
      setError(errorText(t, caught));
    }
  }, [props.projectId, t]);

  useEffect(() => {
    if (props.open) {
      setError(null);
      setPreview(null);
      void load();
    }
  }, [props.open, load]);

  async function saveVersion(event: FormEvent) {
    event.preventDefault();
    try {
      await versions.create(props.projectId, label.trim());
      setLabel('');
      announce(t('versions.saved'));
      await load();
    } catch (caught) {
      setError(errorText(t, caught));
    }
  }

  async function open(version: Version) {
    try {
      const snapshot = await versions.document(props.projectId, version.number);
      setPreview({ version, snapshot, diff: diffDocuments(snapshot, view) });
    } catch (caught) {
      setError(errorText(t, caught));
    }
  }

  async function restore(version: Version) {
    if (!window.confirm(t('versions.confirmRestore', { name: title(version) }))) {
      return;
    }
    try {
      await versions.restore(props.projectId, version.number);
      announce(t('versions.restored', { name: title(version) }));
      props.onClose();
    } catch (caught) {
      setError(errorText(t, caught));
    }
  }

  const title = (version: Version) => version.label || t('versions.numbered', { number: version.number });
  const names = (ids: string[], snapshot: DocumentSnapshot) => {
    const lookup = new Map(snapshot.nodes.map((node) => [node.id, node]));
    return ids.slice(0, MAX_LISTED).map((id) => {
      const node = view.nodes.get(id) ?? lookup.get(id);
      return node ? nodeLabel(node, t(`node.${node.type}`)) : id;
    }).join(', ');
  };

  return (
    <Dialog title={t('versions.title')} open={props.open} onClose={props.onClose}>
      <p role="alert" className="error">{error}</p>
      <form onSubmit={saveVersion}>
        <label htmlFor={labelId}>{t('versions.nameCurrent')}</label>
        <div style={{ display: 'flex', gap: '0.3rem' }}>
          <input id={labelId} value={label} required maxLength={MAX_LABEL} onChange={(event) => setLabel(event.target.value)} style={{ flex: 1 }} />
          <button type="submit">{t('versions.save')}</button>
        </div>
      </form>
      {list.length === 0 ? <p className="muted">{t('versions.none')}</p> : (
        <ul className="version-list">
          {list.map((version) => (
            <li key={version.number}>
              <img src={versions.thumbnailUrl(props.projectId, version.number)} alt="" loading="lazy"
                onError={(event) => { event.currentTarget.style.visibility = 'hidden'; }} />
              <span style={{ flex: 1 }}>
                {title(version)}
                {version.kind === 'checkpoint' && <span className="muted"> ({t('versions.automatic')})</span>}
                <span className="muted"> {new Date(version.createdAt).toLocaleString()}</span>
              </span>
              <button type="button" onClick={() => void open(version)}>
                {t('versions.preview')}<span className="visually-hidden"> {title(version)}</span>
              </button>
              <button type="button" onClick={() => void restore(version)}>
                {t('versions.restore')}<span className="visually-hidden"> {title(version)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {preview && (
        <section aria-label={t('versions.previewOf', { name: title(preview.version) })}>
          <h3>{t('versions.previewOf', { name: title(preview.version) })}</h3>
          <DocumentPreview snapshot={preview.snapshot} maxWidth={480} maxHeight={320}
            label={t('versions.previewAlt', { name: title(preview.version) })} />
          <p>{t('versions.diffSummary', { added: preview.diff.added.length, removed: preview.diff.removed.length, changed: preview.diff.changed.length })}</p>
          {preview.diff.added.length > 0 && <p><strong>{t('versions.added')}:</strong> {names(preview.diff.added, preview.snapshot)}</p>}
          {preview.diff.removed.length > 0 && <p><strong>{t('versions.removed')}:</strong> {names(preview.diff.removed, preview.snapshot)}</p>}
          {preview.diff.changed.length > 0 && <p><strong>{t('versions.changed')}:</strong> {names(preview.diff.changed, preview.snapshot)}</p>}
        </section>
      )}
      <div className="buttons">
        <button type="button" className="primary" onClick={props.onClose}>{t('common.close')}</button>
      </div>
    </Dialog>
  );
}
