import { LANGUAGES, type Language, setLanguage, useLanguage, useT } from '../i18n';

export function LanguageSwitch() {
  const t = useT();
  const language = useLanguage();
  return (
    <label className="language-switch" style={{ display: 'inline-flex', gap: '0.3rem', alignItems: 'center', margin: 0, fontWeight: 400 }}>
      <span>{t('language.label')}</span>
      <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>{t(`language.${code}`)}</option>
        ))}
      </select>
    </label>
  );
}
