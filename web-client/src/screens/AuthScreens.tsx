import { type FormEvent, useId, useState } from 'react';
import { auth } from '../api/client';
import { useT } from '../i18n';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { errorText } from '../ui/errors';
import { navigate } from '../ui/router';
import { useSession } from '../ui/session';

/** Minimum password length the form asks for; the server's password policy has the final word. */
const MIN_PASSWORD_LENGTH = 10;

function afterSignIn(): void {
  const next = new URLSearchParams(window.location.search).get('next');
  // Only same-site paths: an absolute URL in `next` would turn sign-in into an open redirect.
  navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
}

function Field(props: {
  label: string; type: string; value: string; onChange: (value: string) => void;
  autoComplete: string; required?: boolean; minLength?: number; hint?: string; autoFocus?: boolean;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type}
        value={props.value}
        autoComplete={props.autoComplete}
        required={props.required ?? true}
        minLength={props.minLength}
        autoFocus={props.autoFocus}
        aria-describedby={props.hint ? hintId : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.hint && <div id={hintId} className="muted">{props.hint}</div>}
    </>
  );
}

function AuthFrame(props: { title: string; children: React.ReactNode }) {
  return (
    <main id="main" className="auth">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: '1rem' }}>
        <span className="brand">PixelCraft</span>
        <LanguageSwitch />
      </div>
      <h1>{props.title}</h1>
      {props.children}
    </main>
  );
}

function ErrorLine({ message }: { message: string | null }) {
  return <p role="alert" className="error">{message}</p>;
}

export function SignInScreen() {
  const t = useT();
  const signedIn = useSession((state) => state.signedIn);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await auth.login(email, password);
      signedIn(result.user);
      afterSignIn();
    } catch (caught) {
      setError(errorText(t, caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame title={t('signin.title')}>
      <form onSubmit={submit} noValidate={false}>
        <Field label={t('field.email')} type="email" value={email} onChange={setEmail} autoComplete="email" autoFocus />
        <Field label={t('field.password')} type="password" value={password} onChange={setPassword} autoComplete="current-password" />
        <ErrorLine message={error} />
        <button type="submit" className="primary" disabled={busy}>{t('signin.submit')}</button>
      </form>
      <nav aria-label={t('auth.otherActions')}>
        <button type="button" className="link" onClick={() => navigate('/signup')}>{t('signin.toSignUp')}</button>
        <button type="button" className="link" onClick={() => navigate('/reset-password')}>{t('signin.forgot')}</button>
      </nav>
    </AuthFrame>
  );
}

export function SignUpScreen() {
  const t = useT();
  const signedIn = useSession((state) => state.signedIn);
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await auth.register(email, password, displayName);
      signedIn(result.user);
      afterSignIn();
    } catch (caught) {
      setError(errorText(t, caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame title={t('signup.title')}>
      <form onSubmit={submit}>
        <Field label={t('field.displayName')} type="text" value={displayName} onChange={setDisplayName} autoComplete="name" autoFocus />
        <Field label={t('field.email')} type="email" value={email} onChange={setEmail} autoComplete="email" />
        <Field
          label={t('field.password')} type="password" value={password} onChange={setPassword}
          autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH}
          hint={t('field.passwordHint', { count: MIN_PASSWORD_LENGTH })}
        />
        <ErrorLine message={error} />
        <button type="submit" className="primary" disabled={busy}>{t('signup.submit')}</button>
      </form>
      <nav aria-label={t('auth.otherActions')}>
        <button type="button" className="link" onClick={() => navigate('/signin')}>{t('signup.toSignIn')}</button>
      </nav>
    </AuthFrame>
  );
}

/**
 * Asks for a reset link, or, when opened from the link in the mail (`#token=...`), sets the new
 * password. The token is in the fragment so that it never reaches server logs or referrers.
 */
export function ResetPasswordScreen() {
  const t = useT();
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (token) {
        await auth.confirmPasswordReset(token, password);
        window.history.replaceState(null, '', '/reset-password');
        setDone(t('reset.changed'));
      } else {
        await auth.requestPasswordReset(email);
        setDone(t('reset.sent', { email }));
      }
    } catch (caught) {
      setError(errorText(t, caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame title={t('reset.title')}>
      {done ? (
        <p role="status">{done}</p>
      ) : (
        <form onSubmit={submit}>
          {token ? (
            <Field
              label={t('field.newPassword')} type="password" value={password} onChange={setPassword}
              autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} autoFocus
              hint={t('field.passwordHint', { count: MIN_PASSWORD_LENGTH })}
            />
          ) : (
            <Field label={t('field.email')} type="email" value={email} onChange={setEmail} autoComplete="email" autoFocus />
          )}
          <ErrorLine message={error} />
          <button type="submit" className="primary" disabled={busy}>{token ? t('reset.setPassword') : t('reset.sendLink')}</button>
        </form>
      )}
      <nav aria-label={t('auth.otherActions')}>
        <button type="button" className="link" onClick={() => navigate('/signin')}>{t('signup.toSignIn')}</button>
      </nav>
    </AuthFrame>
  );
}
