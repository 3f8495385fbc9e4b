import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { imagePreviewUrl, projects } from '../api/client';
import type { Project } from '../api/types';
import { useT } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { errorText } from '../ui/errors';
import { navigate } from '../ui/router';
import { useSession } from '../ui/session';

const PAGE_SIZE = 50;

export function ProjectListScreen() {
  const t = useT();
  const { user, signOut } = useSession();
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [trashed, setTrashed] = useState(false);
  const [items, setItems] = useState<Project[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Project | null>(null);
  const [announcement, setAnnouncement] = useState('');

  // Responses can arrive out of order, for example the first page after a trash action's reload,
  // so only the latest request may change the list.
  const latestRequest = useRef(0);
  const load = useCallback(async (cursor: string | null) => {
    const request = ++latestRequest.current;
    setLoading(true);
    setError(null);
    try {
      const page = await projects.list({ trash: trashed, cursor, limit: PAGE_SIZE });
      if (request !== latestRequest.current) {
        return;
      }
      setItems((previous) => (cursor ? [...previous, ...page.items] : page.items));
      setNext(page.next);
    } catch (caught) {
      if (request === latestRequest.current) {
        setError(errorText(t, caught));
      }
    } finally {
      if (request === latestRequest.current) {
        setLoading(false);
      }
    }
  }, [trashed, t]);

  useEffect(() => {
    void load(null);
  }, [load]);

  // An action reloads the list shown when it finishes, not the one shown when it started, because
  // the user may switch from the trash to the projects before a restore returns.
  const currentLoad = useRef(load);
  useEffect(() => {
    currentLoad.current = load;
  }, [load]);

  // NOTE: the server has no search parameter, so the search filters the pages loaded so far.
  const needle = query.trim().toLocaleLowerCase();
  const shown = needle === '' ? items : items.filter((project) => project.name.toLocaleLowerCase().includes(needle));

  // Clears the list until the other view has loaded, so projects of one view never show under the
  // title and buttons of the other.
  function switchView(trash: boolean) {
    setItems([]);
    setNext(null);
    setLoading(true);
    setTrashed(trash);
  }

  async function run(action: () => Promise<unknown>, done: string) {
    setError(null);
    try {
      await action();
      setAnnouncement(done);
      await currentLoad.current(null);
    } catch (caught) {
      setError(errorText(t, caught));
    }
  }

  return (
    <>
      <header className="topbar">
        <span className="brand">PixelCraft</span>
        <span className="spacer" />
        <span className="muted">{user?.displayName}</span>
        <LanguageSwitch />
        <button type="button" onClick={() => void signOut().then(() => navigate('/signin'))}>{t('common.signOut')}</button>
      </header>
      <main id="main" className="projects">
        <h1>{trashed ? t('projects.trashTitle') : t('projects.title')}</h1>
        <div className="toolbar">
          <div>
            <label htmlFor={searchId}>{t('projects.search')}</label>
            <input id={searchId} type="search" value={query} onChange={(event) => setQuery(event.target.value)} />
          </div>
          <button type="button" className="primary" onClick={() => setCreating(true)}>{t('projects.new')}</button>
          <button type="button" aria-pressed={trashed} onClick={() => switchView(!trashed)}>{t('projects.showTrash')}</button>
        </div>
        <p role="alert" className="error">{error}</p>
        <p role="status" className="visually-hidden">{loading ? t('common.loading') : announcement}</p>
        {!loading && shown.length === 0 && !error && (
          <p className="muted">{trashed ? t('projects.trashEmpty') : t('projects.empty')}</p>
        )}
        <ul className="project-grid" aria-label={t('projects.listLabel')}>
          {shown.map((project) => (
            <li key={project.id} className="project-card">
              {project.thumbnail ? (
                <img className="thumb" src={imagePreviewUrl(project.thumbnail, 256)} alt="" loading="lazy"
                  onError={(event) => { event.currentTarget.style.visibility = 'hidden'; }} />
              ) : (
                <div className="thumb" aria-hidden="true" />
              )}
              <strong>{project.name}</strong>
              {project.updatedAt && (
                <span className="muted">{t('projects.updated', { date: new Date(project.updatedAt).toLocaleString() })}</span>
              )}
              <div className="actions">
                {trashed ? (
                  <button type="button" onClick={() => void run(() => projects.restore(project.id), t('projects.restored', { name: project.name }))}>
                    {t('projects.restore')}<span className="visually-hidden"> {project.name}</span>
                  </button>
                ) : (
                  <>
                    <button type="button" className="primary" onClick={() => navigate(`/projects/${encodeURIComponent(project.id)}`)}>
                      {t('projects.open')}<span className="visually-hidden"> {project.name}</span>
                    </button>
                    <button type="button" onClick={() => setRenaming(project)}>
                      {t('projects.rename')}<span className="visually-hidden"> {project.name}</span>
                    </button>
                    <button type="button" onClick={() => void run(() => projects.trash(project.id), t('projects.trashed', { name: project.name }))}>
                      {t('projects.trash')}<span className="visually-hidden"> {project.name}</span>
                    </button>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
        {next && (
          <button type="button" disabled={loading} onClick={() => void load(next)}>{t('projects.more')}</button>
        )}
      </main>
      <NameDialog
        open={creating}
        title={t('projects.newTitle')}
        initial={t('projects.untitled')}
        submitLabel={t('projects.create')}
        onClose={() => setCreating(false)}
        onSubmit={async (name) => {
          const project = await projects.create(name);
          navigate(`/projects/${encodeURIComponent(project.id)}`);
        }}
      />
      <NameDialog
        open={renaming !== null}
        title={t('projects.renameTitle')}
        initial={renaming?.name ?? ''}
        submitLabel={t('projects.rename')}
        onClose={() => setRenaming(null)}
        onSubmit={async (name) => {
          await projects.rename(renaming!.id, name);
          setRenaming(null);
          setAnnouncement(t('projects.renamed', { name }));
          await load(null);
        }}
      />
    </>
  );
}

function NameDialog(props: {
  open: boolean; title: string; initial: string; submitLabel: string;
  onClose: () => void; onSubmit: (name: string) => Promise<void>;
}) {
  const t = useT();
  const inputId = useId();
  const [name, setName] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (props.open) {
      setName(props.initial);
      setError(null);
    }
  }, [props.open, props.initial]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await props.onSubmit(name.trim());
    } catch (caught) {
      setError(errorText(t, caught));
    }
  }

  return (
    <Dialog title={props.title} open={props.open} onClose={props.onClose}>
      <form onSubmit={submit}>
        <label htmlFor={inputId}>{t('field.projectName')}</label>
        <input id={inputId} value={name} required maxLength={200} autoFocus onChange={(event) => setName(event.target.value)} />
        <p role="alert" className="error">{error}</p>
        <div className="buttons">
          <button type="button" onClick={props.onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary">{props.submitLabel}</button>
        </div>
      </form>
    </Dialog>
  );
}
