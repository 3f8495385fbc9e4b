import { ApiError, NETWORK_ERROR_STATUS } from '../api/client';
import type { Translate } from '../i18n';

/**
 * Returns the text to show for a failed call: the server's problem `detail` as it sent it (the
 * server picks its language from Accept-Language), else a translated message for the status.
 */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === NETWORK_ERROR_STATUS) {
      return t('error.network');
    }
    const fieldMessages = (error.problem.errors ?? []).map((violation) => violation.message).filter(Boolean);
    if (error.problem.detail) {
      return fieldMessages.length > 0 && !fieldMessages.includes(error.problem.detail)
        ? `${error.problem.detail} ${fieldMessages.join(' ')}`
        : error.problem.detail;
    }
    if (error.status === 401) return t('error.unauthorized');
    if (error.status === 403) return t('error.forbidden');
    if (error.status === 404) return t('error.notFound');
    if (error.status === 413) return t('error.tooLarge');
    if (error.status === 429) return t('error.tooMany');
    return t('error.status', { status: error.status });
  }
  if (error instanceof Error && error.message) {
    return t('error.unexpected', { message: error.message });
  }
  return t('error.unexpected', { message: String(error) });
}
