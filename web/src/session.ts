// Who is signed in, and what their role lets them do (API.md v2): the pages offer only what the
// API would allow, so nobody meets a 403 in normal use. The API decides regardless.

import type { Role, User } from './types.ts';

let current: User | undefined;

export function signedInUser(): User | undefined {
  return current;
}

export function setSignedInUser(user: User | undefined): void {
  current = user;
}

const role = (): Role | undefined => current?.role;

/** Owners: users, tokens, the audit log, everything else. */
export const isOwner = () => role() === 'owner';
/** The front desk and owners keep the records: create, edit, delete; see the money. */
export const keepsRecords = () => role() === 'owner' || role() === 'frontdesk';
/** Mechanics move a service's status and set its mileage and mechanic while it is open. */
export const worksOnServices = () => role() !== undefined;

/**
 * What was typed on a page when the session ended, kept for this tab until the user is back on
 * that page after signing in again (sessionStorage: it never leaves the browser tab).
 */
const DRAFTS = 'bengkel.drafts';

function drafts(): Record<string, Record<string, string>> {
  try {
    return JSON.parse(sessionStorage.getItem(DRAFTS) ?? '{}') as Record<string, Record<string, string>>;
  } catch {
    return {};
  }
}

export function keepDraft(page: string, values: Record<string, string>): void {
  try {
    sessionStorage.setItem(DRAFTS, JSON.stringify({ ...drafts(), [page]: values }));
  } catch {
    // storage full or off: the draft is lost, as it would be without this
  }
}

/** The draft kept for `page`, once: it is forgotten as it is given back. */
export function takeDraft(page: string): Record<string, string> | undefined {
  const all = drafts();
  const draft = all[page];
  if (!draft) return undefined;
  delete all[page];
  try {
    sessionStorage.setItem(DRAFTS, JSON.stringify(all));
  } catch {
    // nothing to do
  }
  return draft;
}

/** Drafts belong to whoever typed them: forgotten when someone signs out. */
export function forgetDrafts(): void {
  try {
    sessionStorage.removeItem(DRAFTS);
  } catch {
    // nothing to do
  }
}
