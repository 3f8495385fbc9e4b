import { useEffect } from 'react';
import { useT } from './i18n';
import { EditorScreen } from './editor/EditorScreen';
import { ResetPasswordScreen, SignInScreen, SignUpScreen } from './screens/AuthScreens';
import { ProjectListScreen } from './screens/ProjectListScreen';
import { matchRoute, navigate, usePath } from './ui/router';
import { useSession } from './ui/session';
import { Toast } from './ui/Toast';

const PUBLIC_ROUTES = new Set(['signin', 'signup', 'reset']);

export function App() {
  const t = useT();
  const path = usePath();
  const route = matchRoute(path);
  const { user, refresh } = useSession();

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (user === null && !PUBLIC_ROUTES.has(route.name)) {
      const next = path === '/' ? '' : `?next=${encodeURIComponent(path)}`;
      navigate(`/signin${next}`, { replace: true });
    }
  }, [user, route.name, path]);

  useEffect(() => {
    const titles: Record<string, string> = {
      signin: t('signin.title'),
      signup: t('signup.title'),
      reset: t('reset.title'),
      projects: t('projects.title'),
      editor: t('editor.title'),
      notFound: t('notFound.title'),
    };
    document.title = `${titles[route.name]} · PixelCraft`;
  }, [route.name, t]);

  let screen;
  if (route.name === 'signin') {
    screen = <SignInScreen />;
  } else if (route.name === 'signup') {
    screen = <SignUpScreen />;
  } else if (route.name === 'reset') {
    screen = <ResetPasswordScreen />;
  } else if (user === undefined) {
    screen = <main className="projects"><p role="status">{t('common.loading')}</p></main>;
  } else if (user === null) {
    screen = null;
  } else if (route.name === 'projects') {
    screen = <ProjectListScreen />;
  } else if (route.name === 'editor') {
    screen = <EditorScreen key={route.projectId} projectId={route.projectId} />;
  } else {
    screen = (
      <main className="projects">
        <h1>{t('notFound.title')}</h1>
        <button type="button" className="link" onClick={() => navigate('/')}>{t('notFound.back')}</button>
      </main>
    );
  }

  return (
    <>
      <a className="skip-link" href="#main">{t('common.skipToContent')}</a>
      {screen}
      <Toast />
    </>
  );
}
