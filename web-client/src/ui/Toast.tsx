import { create } from 'zustand';
import { useT } from '../i18n';

interface ToastState {
  message: string | null;
  show(message: string): void;
  dismiss(): void;
}

export const useToast = create<ToastState>()((set) => ({
  message: null,
  show: (message) => set({ message }),
  dismiss: () => set({ message: null }),
}));

/** Shows the latest error or notice in a polite live region, so screen readers announce it. */
export function Toast() {
  const t = useT();
  const { message, dismiss } = useToast();
  return (
    <div role="status" aria-live="polite">
      {message && (
        <div className="toast">
          <span>{message}</span>
          <button type="button" onClick={dismiss}>{t('common.dismiss')}</button>
        </div>
      )}
    </div>
  );
}

interface AnnouncerState {
  text: string;
  announce(text: string): void;
}

/** Screen reader announcements of completed actions, such as "Layer moved up". */
export const useAnnouncer = create<AnnouncerState>()((set) => ({
  text: '',
  announce: (text) => set({ text }),
}));

export function Announcer() {
  const text = useAnnouncer((state) => state.text);
  return <div className="visually-hidden" role="log" aria-live="polite">{text}</div>;
}
