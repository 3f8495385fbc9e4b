import { currentLanguage } from '../i18n';
import type {
  CreatedShare, DocumentSnapshot, FilterDescriptor, FilterParameter, ImageInfo, Invitation, Op, OpOutcome, Page, Problem,
  Project, RestoreResult, Share, ShareRole, User, Version,
} from './types';

/**
 * Every call the editor makes to the REST API. Paths and body shapes live only here, so a change
 * of the server's routes is adapted in this one file.
 */

/** A failed call, carrying the server's problem details; `detail` is shown to the user as it is. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Delay from the response's Retry-After header in milliseconds, or null without one. */
  readonly retryAfterMs: number | null;

  constructor(problem: Problem, retryAfterMs: number | null = null) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.status = problem.status;
    this.problem = problem;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Status 0 stands for a request that reached no server, such as one made while offline. */
export const NETWORK_ERROR_STATUS = 0;

const CSRF_COOKIE = 'pc_csrf';
const CSRF_HEADER = 'X-CSRF-Token';

/** Reads the CSRF token that the accounts bundle sets in a script-readable cookie at sign-in. */
export function csrfToken(cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE && rest.length > 0) {
      return decodeURIComponent(rest.join('='));
    }
  }
  return null;
}

/** Turns a failed response into an ApiError, reading problem+json when the server sent it. */
export async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get('Content-Type') ?? '';
  const retryAfterSeconds = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  const retryAfterMs = Number.isFinite(retryAfterSeconds) ? retryAfterSeconds * 1000 : null;
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return new ApiError({ ...body, status: response.status }, retryAfterMs);
    } catch {
      // Falls through to the generic problem below.
    }
  }
  return new ApiError({ status: response.status, title: response.statusText }, retryAfterMs);
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(name, String(value));
    }
  }
  // The server writes problem details in the user's language where it can.
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLanguage() };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const token = csrfToken();
  if (method !== 'GET' && token) {
    headers[CSRF_HEADER] = token;
  }

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError({ status: NETWORK_ERROR_STATUS, title: 'network' });
  }
  if (!response.ok) {
    throw await toApiError(response);
  }
  if (response.status === 204 || response.status === 202 || response.headers.get('Content-Length') === '0') {
    return undefined as T;
  }
  return (await response.json()) as T;
}

const encode = encodeURIComponent;

// Accounts

export interface SignInResult {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export const auth = {
  register: (email: string, password: string, displayName: string) =>
    request<SignInResult>('POST', '/api/auth/register', { body: { email, password, displayName } }),
  login: (email: string, password: string) =>
    request<SignInResult>('POST', '/api/auth/login', { body: { email, password } }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<User>('GET', '/api/me'),
  requestPasswordReset: (email: string) => request<void>('POST', '/api/auth/password-reset', { body: { email } }),
  confirmPasswordReset: (token: string, password: string) =>
    request<void>('POST', '/api/auth/password-reset/confirm', { body: { token, password } }),
};

// Projects and documents

/** The document as GET /api/projects/{id}/document returns it. */
interface DocumentView {
  projectId: string;
  revision: number;
  nodes: DocumentSnapshot['nodes'];
}

export const projects = {
  /** Lists the caller's projects, or the trashed ones, one page at a time; the server has no search. */
  list: (options: { trash?: boolean; cursor?: string | null; limit?: number } = {}) =>
    request<Page<Project>>('GET', '/api/projects', {
      query: { trash: options.trash ? true : undefined, cursor: options.cursor, limit: options.limit },
    }),
  get: (id: string) => request<Project>('GET', `/api/projects/${encode(id)}`),
  create: (name: string) => request<Project>('POST', '/api/projects', { body: { name } }),
  rename: (id: string, name: string) => request<Project>('PATCH', `/api/projects/${encode(id)}`, { body: { name } }),
  trash: (id: string) => request<void>('DELETE', `/api/projects/${encode(id)}`),
  restore: (id: string) => request<Project>('POST', `/api/projects/${encode(id)}/restore`),
  async document(id: string): Promise<DocumentSnapshot> {
    const view = await request<DocumentView>('GET', `/api/projects/${encode(id)}/document`);
    return { format: 1, revision: view.revision, nodes: view.nodes };
  },
  applyOps: (id: string, ops: Op[]) =>
    request<{ revision: number; outcomes: OpOutcome[] }>('POST', `/api/projects/${encode(id)}/ops`, { body: { ops } }),
  /** URL of the server's render of the document or one node, with plugin filters applied. */
  exportUrl: (id: string, options: { node?: string; scale?: 1 | 2; format?: 'png' | 'jpeg' }) => {
    const query = new URLSearchParams();
    if (options.node) query.set('node', options.node);
    if (options.scale) query.set('scale', String(options.scale));
    if (options.format) query.set('format', options.format);
    return `/api/projects/${encode(id)}/export?${query.toString()}`;
  },
  /** Fetches a server render as a blob, so a failure shows the server's problem detail. */
  async exportBlob(id: string, options: { node?: string; scale?: 1 | 2; format?: 'png' | 'jpeg' }): Promise<Blob> {
    let response: Response;
    try {
      response = await fetch(projects.exportUrl(id, options), {
        credentials: 'same-origin',
        headers: { 'Accept-Language': currentLanguage() },
      });
    } catch {
      throw new ApiError({ status: NETWORK_ERROR_STATUS, title: 'network' });
    }
    if (!response.ok) {
      throw await toApiError(response);
    }
    return response.blob();
  },
};

// Images

export function imageUrl(sha256: string): string {
  return `/images/${encode(sha256)}`;
}

/** URL of an image's stored preview whose long edge is `size` pixels (256 or 1024). */
export function imagePreviewUrl(sha256: string, size: 256 | 1024): string {
  return `/images/${encode(sha256)}/thumb/${size}`;
}

/**
 * Uploads an image as the raw request body, linked to the project, with progress reports. XMLHttpRequest is used because fetch has no upload
 * progress events.
 */
export function uploadImage(file: Blob, projectId: string, onProgress: (fraction: number) => void,
  signal?: AbortSignal): Promise<ImageInfo> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const name = file instanceof File ? `&name=${encode(file.name.slice(0, 200))}` : '';
    xhr.open('POST', `/api/images?projectId=${encode(projectId)}${name}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    const token = csrfToken();
    if (token) {
      xhr.setRequestHeader(CSRF_HEADER, token);
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) {
        onProgress(event.loaded / event.total);
      }
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as ImageInfo);
      } else {
        reject(new ApiError({ ...(body as Partial<Problem> ?? {}), status: xhr.status }));
      }
    };
    xhr.onerror = () => reject(new ApiError({ status: NETWORK_ERROR_STATUS, title: 'network' }));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

// Plugins and filters

type RawParameter = { id: string; label?: string; type?: string; min?: number; max?: number; default?: unknown;
  choices?: string[] };

interface PluginsView {
  filters?: { id: string; name?: string; plugin?: string; version: string; enabled?: boolean; parameters?: RawParameter[] }[];
}

/**
 * Reads one parameter of a plugin schema as GET /api/plugins writes it. Colours come as
 * `#AARRGGBB` or `#RRGGBB`; the editor keeps `#RRGGBB`, which the server also accepts. Returns
 * null for a type the editor has no control for.
 */
export function toFilterParameter(raw: RawParameter): FilterParameter | null {
  const label = raw.label ?? raw.id;
  switch (raw.type) {
    case 'number':
    case 'integer': {
      const min = Number(raw.min ?? 0);
      const max = Number(raw.max ?? 100);
      return { kind: 'number', id: raw.id, label, min, max, defaultValue: Number(raw.default ?? min), integer: raw.type === 'integer' };
    }
    case 'color': {
      const value = typeof raw.default === 'string' ? raw.default : '#000000';
      return { kind: 'color', id: raw.id, label, defaultValue: value.length === 9 ? `#${value.slice(3)}`.toLowerCase() : value.toLowerCase() };
    }
    case 'boolean':
      return { kind: 'bool', id: raw.id, label, defaultValue: raw.default === true };
    case 'choice': {
      const choices = raw.choices ?? [];
      return { kind: 'choice', id: raw.id, label, choices, defaultValue: String(raw.default ?? choices[0] ?? '') };
    }
    default:
      return null;
  }
}

/** Returns the version range `[M.0,M+1.0)` that a node's filter entry names for a plugin of version M.x.y. */
export function majorRange(version: string): string {
  const major = Number.parseInt(version.split('.')[0] ?? '0', 10) || 0;
  return `[${major}.0,${major + 1}.0)`;
}

export const plugins = {
  /** Lists the enabled filters; names come in the language of the Accept-Language header. */
  async filters(): Promise<FilterDescriptor[]> {
    const body = await request<PluginsView>('GET', '/api/plugins');
    return (body.filters ?? []).filter((filter) => filter.enabled !== false).map((filter) => ({
      id: filter.id,
      name: filter.name ?? filter.id,
      pluginVersion: filter.version,
      versionRange: majorRange(filter.version),
      parameters: (filter.parameters ?? []).map(toFilterParameter).filter((p): p is FilterParameter => p !== null),
    }));
  },
};

// Versions

/** A version's document as GET .../versions/{v}/document returns it. */
interface VersionDocumentView {
  projectId: string;
  version: number;
  revision: number;
  nodes: DocumentSnapshot['nodes'];
}

/** The server's maximum page size of the version list. */
const MAX_VERSION_PAGE = 200;

const versionPath = (projectId: string, number: number) => `/api/projects/${encode(projectId)}/versions/${number}`;

export const versions = {
  /** Lists the newest versions, newest first. */
  // TODO: only the first page of at most 200 versions is read. Older ones need the `next` cursor.
  list: (projectId: string) =>
    request<Page<Version>>('GET', `/api/projects/${encode(projectId)}/versions`, { query: { limit: MAX_VERSION_PAGE } })
      .then((body) => body.items),
  /** Names the current document as a version. The server accepts a label of 1 to 100 characters. */
  create: (projectId: string, label: string, description?: string) =>
    request<Version>('POST', `/api/projects/${encode(projectId)}/versions`, {
      body: description ? { label, description } : { label },
    }),
  async document(projectId: string, number: number): Promise<DocumentSnapshot> {
    const view = await request<VersionDocumentView>('GET', `${versionPath(projectId, number)}/document`);
    return { format: 1, revision: view.revision, nodes: view.nodes };
  },
  /** URL of the version's PNG thumbnail, which the server renders on the first request. */
  thumbnailUrl: (projectId: string, number: number) => `${versionPath(projectId, number)}/thumbnail`,
  restore: (projectId: string, number: number) => request<RestoreResult>('POST', `${versionPath(projectId, number)}/restore`),
};

// Shares

/** Returns the RFC 3339 instant `days` days after `now`, the form of the share routes' `expiresAt`. */
export function expiryAfterDays(days: number, now: Date = new Date()): string {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString();
}

export const shares = {
  /** Lists the project's links without their tokens, so a listed link cannot be copied. */
  list: (projectId: string) => request<Page<Share>>('GET', `/api/projects/${encode(projectId)}/shares`)
    .then((body) => body.items),
  /** Creates a link that expires at `expiresAt` (RFC 3339), or never when it is null. */
  create: (projectId: string, role: ShareRole, expiresAt: string | null) =>
    request<CreatedShare>('POST', `/api/projects/${encode(projectId)}/shares`, {
      body: expiresAt ? { role, expiresAt } : { role },
    }),
  revoke: (projectId: string, shareId: string) =>
    request<void>('DELETE', `/api/projects/${encode(projectId)}/shares/${encode(shareId)}`),
  /** Mails a link to `email`, in the language of the request's Accept-Language header. */
  invite: (projectId: string, email: string, role: ShareRole) =>
    request<Invitation>('POST', `/api/projects/${encode(projectId)}/invitations`, { body: { email, role } }),
};
