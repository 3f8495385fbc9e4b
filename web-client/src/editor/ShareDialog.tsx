import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { expiryAfterDays, shares } from '../api/client';
import type { Share, ShareRole } from '../api/types';
import { useT } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errors';
import { useAnnouncer } from '../ui/Toast';

export function ShareDialog(props: { open: boolean; onClose: () => void; projectId: string }) {
  const t = useT();
  const announce = useAnnouncer((state) => state.announce);
  const roleId = useId();
  const expiryId = useId();
  const emailId = useId();
  const inviteRoleId = useId();
  const createdLinkId = useId();
  const [list, setList] = useState<Share[]>([]);
  const [role, setRole] = useState<ShareRole>('viewer');
  const [expiryDays, setExpiryDays] = useState('7');
  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<ShareRole>('editor');
  // The server returns a link's URL only when it creates the link, so it is kept until the dialog closes.
  const [createdUrl, setCreatedUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setList(await shares.list(props.projectId));
    } catch (caught) {
      setError(errorText(t, caught));
    }
  }, [props.projectId, t]);

  useEffect(() => {
    if (props.open) {
      setError(null);
      setCreatedUrl(null);
      void load();
    }
  }, [props.open, load]);

  async function run(action: () => Promise<unknown>, done: string) {
    setError(null);
    try {
      await action();
      announce(done);
      await load();
    } catch (caught) {
      setError(errorText(t, caught));
    }
  }

  function copy(url: string) {
    void navigator.clipboard.writeText(url).then(
      () => announce(t('share.copied')),
      () => setError(t('share.copyFailed', { url })),
    );
  }

  function createLink(event: FormEvent) {
    event.preventDefault();
    const expiresAt = expiryDays === '' ? null : expiryAfterDays(Number(expiryDays));
    setCreatedUrl(null);
    void run(async () => {
      const created = await shares.create(props.projectId, role, expiresAt);
      setCreatedUrl(created.url);
    }, t('share.created'));
  }

  const roleName = (share: Share) => (share.role === 'editor' ? t('share.roleEdit') : t('share.roleView'));

  function invite(event: FormEvent) {
    event.preventDefault();
    void run(() => shares.invite(props.projectId, email.trim(), inviteRole), t('share.invited', { email: email.trim() }));
    setEmail('');
  }

  const activeLinks = list.filter((share) => share.active);

  return (
    <Dialog title={t('share.title')} open={props.open} onClose={props.onClose}>
      <p role="alert" className="error">{error}</p>
      <h3>{t('share.links')}</h3>
      {activeLinks.length === 0 ? <p className="muted">{t('share.noLinks')}</p> : (
        <ul className="share-list">
          {activeLinks.map((share) => (
            <li key={share.id}>
              <span>{roleName(share)}</span>
              {share.invitedEmail && <span>{t('share.invitedTo', { email: share.invitedEmail })}</span>}
              <span className="muted">{share.expiresAt ? t('share.expires', { date: new Date(share.expiresAt).toLocaleDateString() }) : t('share.noExpiry')}</span>
              <button type="button" onClick={() => void run(() => shares.revoke(props.projectId, share.id), t('share.revoked'))}>
                {t('share.revoke')}<span className="visually-hidden"> {roleName(share)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={createLink}>
        <div className="props-grid">
          <div>
            <label htmlFor={roleId}>{t('share.role')}</label>
            <select id={roleId} value={role} onChange={(event) => setRole(event.target.value as ShareRole)}>
              <option value="viewer">{t('share.roleView')}</option>
              <option value="editor">{t('share.roleEdit')}</option>
            </select>
          </div>
          <div>
            <label htmlFor={expiryId}>{t('share.expiryDays')}</label>
            <input id={expiryId} type="number" min={1} max={365} value={expiryDays} onChange={(event) => setExpiryDays(event.target.value)} />
          </div>
        </div>
        <button type="submit" style={{ marginTop: '0.5rem' }}>{t('share.createLink')}</button>
      </form>
      {createdUrl && (
        <div>
          <label htmlFor={createdLinkId}>{t('share.newLink')}</label>
          <div style={{ display: 'flex', gap: '0.3rem' }}>
            <input id={createdLinkId} readOnly value={createdUrl} onFocus={(event) => event.currentTarget.select()} style={{ flex: 1 }} />
            <button type="button" onClick={() => copy(createdUrl)}>{t('share.copy')}</button>
          </div>
          <p className="muted">{t('share.shownOnce')}</p>
        </div>
      )}
      <h3>{t('share.inviteTitle')}</h3>
      <form onSubmit={invite}>
        <label htmlFor={emailId}>{t('field.email')}</label>
        <input id={emailId} type="email" required value={email} onChange={(event) => setEmail(event.target.value)} style={{ width: '100%' }} />
        <label htmlFor={inviteRoleId}>{t('share.role')}</label>
        <select id={inviteRoleId} value={inviteRole} onChange={(event) => setInviteRole(event.target.value as ShareRole)}>
          <option value="viewer">{t('share.roleView')}</option>
          <option value="editor">{t('share.roleEdit')}</option>
        </select>
        <div className="buttons">
          <button type="submit">{t('share.invite')}</button>
          <button type="button" className="primary" onClick={props.onClose}>{t('common.close')}</button>
        </div>
      </form>
    </Dialog>
  );
}
