import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { expiryAfterDays, imagePreviewUrl, shares, versions } from './client';

const ORIGIN = 'http://127.0.0.1:8181';
const PROJECT = '665f1c2b9d3e4a0012345678';

interface RecordedRequest {
  method: string;
  url: string;
  body: unknown;
}

/** Replaces fetch with one that records each request and returns `status` with `body` as JSON. */
function answerWith(status: number, body: unknown): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: URL, init: RequestInit) => {
    requests.push({ method: String(init.method), url: String(url), body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    });
  }));
  return requests;
}

const VERSION = {
  number: 3, kind: 'named', label: 'first draft', description: null, revision: 12,
  createdAt: '2026-12-04T20:00:00Z', createdBy: 'u1', authors: ['u1'], restoredFrom: null,
};

const SHARE = {
  id: '9f86d081884c7d659a2feaa0c55ad015', targetType: 'project', targetId: PROJECT, role: 'editor', createdBy: 'u1',
  createdAt: '2026-12-04T20:00:00Z', expiresAt: null, revokedAt: null, active: true, invitedEmail: null,
};

describe('REST client', () => {
  beforeEach(() => {
    vi.stubGlobal('window', { location: { origin: ORIGIN } });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('creates a version with label only', async () => {
    const requests = answerWith(201, VERSION);

    const created = await versions.create(PROJECT, 'first draft');

    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe(`${ORIGIN}/api/projects/${PROJECT}/versions`);
    expect(requests[0].body).toEqual({ label: 'first draft' });
    expect(created.number).toBe(3);
  });

  it('creates a version with description', async () => {
    const requests = answerWith(201, VERSION);

    await versions.create(PROJECT, 'first draft', 'before the client call');

    expect(requests[0].body).toEqual({ label: 'first draft', description: 'before the client call' });
  });

  it('lists versions from the page items', async () => {
    const requests = answerWith(200, { items: [VERSION], next: null });

    const list = await versions.list(PROJECT);

    expect(requests[0].url).toBe(`${ORIGIN}/api/projects/${PROJECT}/versions?limit=200`);
    expect(list).toEqual([VERSION]);
  });

  it('reads a version document by number', async () => {
    const nodes = [{ id: 'root', type: 'root', parent: null, key: null, props: {} }];
    const requests = answerWith(200, { projectId: PROJECT, version: 3, revision: 12, nodes });

    const snapshot = await versions.document(PROJECT, 3);

    expect(requests[0].url).toBe(`${ORIGIN}/api/projects/${PROJECT}/versions/3/document`);
    expect(snapshot).toEqual({ format: 1, revision: 12, nodes });
  });

  it('restores a version by number', async () => {
    const requests = answerWith(200, { revision: 15, savedBefore: null, restored: { ...VERSION, number: 4, kind: 'restore' } });

    const result = await versions.restore(PROJECT, 3);

    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe(`${ORIGIN}/api/projects/${PROJECT}/versions/3/restore`);
    expect(requests[0].body).toBeUndefined();
    expect(result.restored.number).toBe(4);
  });

  it('builds the version thumbnail URL', () => {
    expect(versions.thumbnailUrl(PROJECT, 3)).toBe(`/api/projects/${PROJECT}/versions/3/thumbnail`);
  });

  it('builds the image preview URL', () => {
    const sha256 = 'ab'.repeat(32);
    expect(imagePreviewUrl(sha256, 256)).toBe(`/images/${sha256}/thumb/256`);
  });

  it('creates an editor link with expiry', async () => {
    const url = `${ORIGIN}/s/abc`;
    const requests = answerWith(201, { share: SHARE, url });

    const created = await shares.create(PROJECT, 'editor', '2026-12-11T20:00:00.000Z');

    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe(`${ORIGIN}/api/projects/${PROJECT}/shares`);
    expect(requests[0].body).toEqual({ role: 'editor', expiresAt: '2026-12-11T20:00:00.000Z' });
    expect(created.url).toBe(url);
    expect(created.share.id).toBe(SHARE.id);
  });

  it('creates a viewer link without expiry', async () => {
    const requests = answerWith(201, { share: { ...SHARE, role: 'viewer' }, url: `${ORIGIN}/s/abc` });

    await shares.create(PROJECT, 'viewer', null);

    expect(requests[0].body).toEqual({ role: 'viewer' });
  });

  it('lists shares from the items', async () => {
    const requests = answerWith(200, { items: [SHARE] });

    const list = await shares.list(PROJECT);

    expect(requests[0].url).toBe(`${ORIGIN}/api/projects/${PROJECT}/shares`);
    expect(list).toEqual([SHARE]);
  });

  it('revokes a share by its id', async () => {
    const requests = answerWith(204, undefined);

    await shares.revoke(PROJECT, SHARE.id);

    expect(requests[0].method).toBe('DELETE');
    expect(requests[0].url).toBe(`${ORIGIN}/api/projects/${PROJECT}/shares/${SHARE.id}`);
  });

  it('invites with email and role', async () => {
    const invitation = { id: SHARE.id, email: 'ann@example.com', role: 'viewer', createdBy: 'u1',
      createdAt: '2026-12-04T20:00:00Z', expiresAt: '2026-12-18T20:00:00Z' };
    const requests = answerWith(201, invitation);

    const result = await shares.invite(PROJECT, 'ann@example.com', 'viewer');

    expect(requests[0].url).toBe(`${ORIGIN}/api/projects/${PROJECT}/invitations`);
    expect(requests[0].body).toEqual({ email: 'ann@example.com', role: 'viewer' });
    expect(result.email).toBe('ann@example.com');
  });

  it('turns a 400 problem into ApiError', async () => {
    answerWith(400, { title: 'Bad Request', status: 400, detail: "Field 'role' is 'edit': use viewer or editor" });

    await expect(shares.create(PROJECT, 'editor', null)).rejects.toMatchObject({
      status: 400, message: "Field 'role' is 'edit': use viewer or editor",
    });
  });

  it('computes expiry as RFC 3339 UTC', () => {
    expect(expiryAfterDays(7, new Date('2026-12-04T20:00:00Z'))).toBe('2026-12-11T20:00:00.000Z');
  });
});
