import { useEffect, useMemo, useRef, useState } from 'react';
import { projects } from '../api/client';
import type { Project } from '../api/types';
import { CollabConnection } from '../collab/connection';
import { createPresenceStore } from '../collab/presence';
import { createDocumentStore } from '../doc/store';
import { useT } from '../i18n';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { Announcer, useAnnouncer, useToast } from '../ui/Toast';
import { errorText } from '../ui/errors';
import { navigate } from '../ui/router';
import { Canvas } from './Canvas';
import { deleteNodes, duplicate, groupNodes, nudge } from './commands';
import { EditorContext, type EditorServices, useDoc, useEditor, usePresence, useUi } from './context';
import { ExportDialog } from './ExportDialog';
import { FiltersPanel } from './FiltersPanel';
import { placeImageFiles } from './images';
import { LayersPanel } from './LayersPanel';
import { PropertiesPanel } from './PropertiesPanel';
import { ShareDialog } from './ShareDialog';
import { TOOLS, Toolbar } from './Toolbar';
import { createUiStore } from './uiStore';
import { VersionsPanel } from './VersionsPanel';

const ARROW_DIRECTIONS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function EditorScreen({ projectId }: { projectId: string }) {
  const t = useT();
  const [project, setProject] = useState<Project | null>(null);
  const [error, setError] = useState<string | null>(null);
  const services = useMemo<EditorServices>(() => ({
    projectId,
    documents: createDocumentStore(safeStorage()),
    presence: createPresenceStore(),
    ui: createUiStore(),
    connection: null,
    canEdit: true,
    documentLayer: { current: null },
  }), [projectId]);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let connection: CollabConnection | null = null;
    (async () => {
      try {
        const [info, snapshot] = await Promise.all([projects.get(projectId), projects.document(projectId)]);
        if (cancelled) return;
        setProject(info);
        services.canEdit = info.role !== 'viewer';
        services.documents.getState().load(projectId, snapshot);
        // The room reports the role at each welcome and when an owner changes it during the session.
        const onRole = (role: string) => {
          services.canEdit = role !== 'viewer';
          setProject((current) => (current && current.role !== role ? { ...current, role } as Project : current));
        };
        connection = new CollabConnection({
          projectId, documents: services.documents, presence: services.presence, onRole,
        });
        services.connection = connection;
        connection.start();
        setReady(true);
      } catch (caught) {
        if (!cancelled) setError(errorText(t, caught));
      }
    })();
    return () => {
      cancelled = true;
      connection?.stop();
      services.connection = null;
    };
    // t only changes the language of a load error; reloading the project for it would be wrong.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId, services]);

  if (error) {
    return (
      <main id="main" className="projects">
        <h1>{t('editor.loadFailed')}</h1>
        <p role="alert" className="error">{error}</p>
        <button type="button" onClick={() => navigate('/')}>{t('editor.backToProjects')}</button>
      </main>
    );
  }
  if (!ready || !project) {
    return <main id="main" className="projects"><p role="status">{t('common.loading')}</p></main>;
  }
  return (
    <EditorContext.Provider value={services}>
      <EditorLayout project={project} />
    </EditorContext.Provider>
  );
}

function EditorLayout({ project }: { project: Project }) {
  const t = useT();
  const services = useEditor();
  const { documents, ui, projectId, canEdit } = services;
  const [dialog, setDialog] = useState<'export' | 'share' | 'versions' | null>(null);
  const showToast = useToast((state) => state.show);
  const announce = useAnnouncer((state) => state.announce);
  const rejection = useDoc((state) => state.lastRejection);
  const upload = useUi((state) => state.upload);
  const fileInput = useRef<HTMLInputElement>(null);

  // A rejected batch is undone in the view; the server's reason is shown as it sent it.
  useEffect(() => {
    if (rejection) {
      showToast(t('editor.rejected', { detail: rejection.problem.detail ?? rejection.problem.title ?? String(rejection.problem.status) }));
    }
  }, [rejection, showToast, t]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => handleShortcut(event);
    const onPaste = (event: ClipboardEvent) => {
      const files = [...(event.clipboardData?.files ?? [])].filter((file) => file.type.startsWith('image/'));
      if (files.length > 0 && canEdit && !isTyping(event.target)) {
        event.preventDefault();
        void placeImageFiles(services, files, centreOfView(), showToast, t);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('paste', onPaste);
    };
  });

  function centreOfView() {
    const { viewport } = ui.getState();
    const canvas = document.querySelector('.canvas-wrap')?.getBoundingClientRect();
    const width = canvas?.width ?? 800;
    const height = canvas?.height ?? 600;
    return { x: (width / 2 - viewport.x) / viewport.scale - 100, y: (height / 2 - viewport.y) / viewport.scale - 100 };
  }

  function run(action: () => void) {
    try {
      action();
    } catch (caught) {
      showToast(errorText(t, caught));
    }
  }

  function handleShortcut(event: KeyboardEvent) {
    if (isTyping(event.target) || dialog !== null) {
      return;
    }
    const state = documents.getState();
    const { selection } = ui.getState();
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();

    if (mod && key === 'z') {
      event.preventDefault();
      if (event.shiftKey) {
        announce(state.redo() ? t('editor.redone') : t('editor.nothingToUndo'));
      } else {
        announce(state.undo() ? t('editor.undone') : t('editor.nothingToUndo'));
      }
      return;
    }
    if (mod && key === 'y') {
      event.preventDefault();
      announce(state.redo() ? t('editor.redone') : t('editor.nothingToUndo'));
      return;
    }
    if (mod && key === 'd' && canEdit) {
      event.preventDefault();
      run(() => {
        const copy = duplicate(state.view, selection);
        if (copy.ops.length > 0) {
          state.edit(copy.ops);
          ui.getState().select(copy.ids);
        }
      });
      return;
    }
    if (mod && key === 'g' && canEdit) {
      event.preventDefault();
      run(() => {
        const grouped = groupNodes(state.view, selection);
        if (grouped) {
          state.edit(grouped.ops);
          ui.getState().select([grouped.id]);
          announce(t('layers.grouped'));
        }
      });
      return;
    }
    if (mod && key === 'a') {
      event.preventDefault();
      ui.getState().select([...state.view.nodes.values()].filter((node) => node.parent === state.view.rootId).map((node) => node.id));
      return;
    }
    if (mod && (key === '=' || key === '+' || key === '-' || key === '0')) {
      event.preventDefault();
      const canvas = document.querySelector('.canvas-wrap')?.getBoundingClientRect();
      const cx = (canvas?.width ?? 800) / 2;
      const cy = (canvas?.height ?? 600) / 2;
      if (key === '0') {
        ui.getState().setViewport({ x: 40, y: 40, scale: 1 });
      } else {
        ui.getState().zoomAt(key === '-' ? 1 / 1.25 : 1.25, cx, cy);
      }
      return;
    }
    if (mod || event.altKey) {
      return;
    }
    if ((event.key === 'Delete' || event.key === 'Backspace') && canEdit && selection.length > 0) {
      event.preventDefault();
      run(() => state.edit(deleteNodes(state.view, selection)));
      ui.getState().select([]);
      announce(t('editor.deleted'));
      return;
    }
    if (event.key.startsWith('Arrow') && selection.length > 0 && canEdit) {
      event.preventDefault();
      const step = event.shiftKey ? 10 : 1;
      const direction = ARROW_DIRECTIONS[event.key] ?? [0, 0];
      const dx = direction[0] * step;
      const dy = direction[1] * step;
      run(() => state.edit(nudge(state.view, selection, dx, dy)));
      return;
    }
    if (event.key === 'Escape') {
      ui.getState().select([]);
      ui.getState().setTool('select');
      return;
    }
    const tool = TOOLS.find((each) => each.key.toLowerCase() === key);
    if (tool && !event.shiftKey) {
      if (tool.tool === 'image') {
        if (canEdit) fileInput.current?.click();
      } else if (canEdit || tool.tool === 'select' || tool.tool === 'hand') {
        ui.getState().setTool(tool.tool);
        announce(t(`tools.${tool.tool}`));
      }
    }
  }

  return (
    <div className="editor">
      <TopBar project={project} onOpen={setDialog} />
      <main id="main" className="editor-body" aria-label={t('editor.workspace')}>
        <Toolbar />
        <div className="side">
          <LayersPanel />
        </div>
        <Canvas />
        <div className="side right">
          <PropertiesPanel />
          <FiltersPanel />
        </div>
      </main>
      <input
        id="image-file-input"
        ref={fileInput}
        type="file"
        accept="image/*"
        multiple
        hidden
        aria-label={t('upload.choose')}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          void placeImageFiles(services, files, centreOfView(), showToast, t);
        }}
      />
      {upload && (
        <div className="toast" role="status">
          <label htmlFor="upload-progress" style={{ margin: 0 }}>{t('upload.progress', { name: upload.name })}</label>
          <progress id="upload-progress" max={1} value={upload.fraction} style={{ width: '12rem' }} />
        </div>
      )}
      <ExportDialog open={dialog === 'export'} onClose={() => setDialog(null)} projectName={project.name} />
      <ShareDialog open={dialog === 'share'} onClose={() => setDialog(null)} projectId={projectId} />
      <VersionsPanel open={dialog === 'versions'} onClose={() => setDialog(null)} projectId={projectId} />
      <Announcer />
    </div>
  );
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) {
    return false;
  }
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
;
}

function TopBar({ project, onOpen }: { project: Project; onOpen: (dialog: 'export' | 'share' | 'versions') => void }) {
  const t = useT();
  const { documents, presence, canEdit } = useEditor();

  const canUndo = useDoc((state) => state.undoStack.length > 0);
  const canRedo = useDoc((state) => state.redoStack.length > 0);
  const unsent = useDoc((state) => state.pending.length + state.inflight.reduce((sum, batch) => sum + batch.ops.length, 0));
  const status = usePresence((state) => state.status);
  const peers = usePresence((state) => state.peers);
  const following = usePresence((state) => state.following);

  const statusText = {
    connecting: t('status.connecting'),
    online: t('status.online'),
    reconnecting: t('status.reconnecting'),
    offline: t('status.offline'),
    rest: t('status.rest'),
    signedOut: t('status.signedOut'),
    noAccess: t('status.noAccess'),
    refused: t('status.refused'),
  }[status];

  return (
    <header className="topbar">
      <button type="button" onClick={() => navigate('/')}>{t('editor.backToProjects')}</button>
      <h1 style={{ fontSize: '1rem', margin: 0 }}>{project.name}</h1>
      {!canEdit && <span className="status">{t('editor.readOnly')}</span>}
      <button type="button" disabled={!canUndo} aria-keyshortcuts="Control+Z" onClick={() => documents.getState().undo()}>{t('editor.undo')}</button>
      <button type="button" disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z" onClick={() => documents.getState().redo()}>{t('editor.redo')}</button>
      <span className="spacer" />
      <span role="status" className={`status ${status}`}>
        {statusText}
        {unsent > 0 && status !== 'online' && ` · ${t('status.unsent', { count: unsent })}`}
      </span>
      <ul className="presence" aria-label={t('presence.label')}>
        {Object.values(peers).map((peer) => (
          <li key={peer.sessionId}>
            <button
              type="button"
              className="avatar"
              style={{ background: peer.color }}
              aria-pressed={following === peer.sessionId}
              aria-label={following === peer.sessionId ? t('presence.unfollow', { name: peer.displayName }) : t('presence.follow', { name: peer.displayName })}
              title={peer.displayName}
              onClick={() => presence.getState().follow(following === peer.sessionId ? null : peer.sessionId)}
            >
              {peer.displayName.slice(0, 1).toUpperCase()}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => onOpen('versions')}>{t('editor.versions')}</button>
      <button type="button" onClick={() => onOpen('share')} disabled={!canEdit}>{t('editor.share')}</button>
      <button type="button" className="primary" onClick={() => onOpen('export')}>{t('editor.export')}</button>
      <LanguageSwitch />
    </header>
  );
}
