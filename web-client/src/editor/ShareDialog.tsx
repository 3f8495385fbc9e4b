import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { shares } from '../api/client';
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
  const [list, setList] = useState<Share[]>([]);
  const [role, setRole] = useState<ShareRole>('view');
  const [expiryDays, setExpiryDays] = useState('7');
  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<ShareRole>('edit');
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

  function linkOf(share: Share): string {
    return share.url ?? `${window.location.origin}/s/${encodeURIComponent(share.id)}`;
  }

  function createLink(event: FormEvent) {
    event.preventDefault();
    const days = expiryDays === '' ? null : Number(expiryDays);
    void run(() => shares.create(props.projectId, role, days), t('share.created'));
  }

  function invite(event: FormEvent) {
    event.preventDefault();
    void run(() => shares.invite(props.projectId, email.trim(), inviteRole), t('share.invited', { email: email.trim() }));
    setEmail('');
  }

  return (
    <Dialog title={t('share.title')} open={props.open} onClose={props.onClose}>
      <p role="alert" className="error">{error}</p>
      <h3>{t('share.links')}</h3>
      {list.length === 0 ? <p className="muted">{t('share.noLinks')}</p> : (
        <ul className="share-list">
          {list.filter((share) => !share.revoked).map((share) => (
            <li key={share.id}>
              <span>{share.role === 'edit' ? t('share.roleEdit') : t('share.roleView')}</span>
              <span className="muted">{share.expiresAt ? t('share.expires', { date: new Date(share.expiresAt).toLocaleDateString() }) : t('share.noExpiry')}</span>
              <button type="button" onClick={() => {
                void navigator.clipboard.writeText(linkOf(share)).then(
                  () => announce(t('share.copied')),
                  () => setError(t('share.copyFailed', { url: linkOf(share) })),
                );
              }}>{t('share.copy')}</button>
              <button type="button" onClick={() => void run(() => shares.revoke(props.projectId, share.id), t('share.revoked'))}>
                {t('share.revoke')}
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
              <option value="view">{t('share.roleView')}</option>
              <option value="edit">{t('share.roleEdit')}</option>
            </select>
          </div>
          <div>
            <label htmlFor={expiryId}>{t('share.expiryDays')}</label>
            <input id={expiryId} type="number" min={1} max={365} value={expiryDays} onChange={(event) => setExpiryDays(event.target.value)} />
          </div>
        </div>
        <button type="submit" style={{ marginTop: '0.5rem' }}>{t('share.createLink')}</button>
      </form>
      <h3>{t('share.inviteTitle')}</h3>
      <form onSubmit={invite}>
        <label htmlFor={emailId}>{t('field.email')}</label>
        <input id={emailId} type="email" required value={email} onChange={(event) => setEmail(event.target.value)} style={{ width: '100%' }} />
        <label htmlFor={inviteRoleId}>{t('share.role')}</label>
        <select id={inviteRoleId} value={inviteRole} onChange={(event) => setInviteRole(event.target.value as ShareRole)}>
          <option value="view">{t('share.roleView')}</option>
          <option value="edit">{t('share.roleEdit')}</option>
        </select>
        <div className="buttons">
          <button type="submit">{t('share.invite')}</button>
          <button type="button" className="primary" onClick={props.onClose}>{t('common.close')}</button>
        </div>
      </form>
    </Dialog>
  );
}
