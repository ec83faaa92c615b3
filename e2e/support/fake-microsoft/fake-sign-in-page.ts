/**
 * The fake identity platform's sign-in page, for journeys where a person signs in in the browser: a real
 * HTML form (email and password) that the authorize endpoint shows when no user is signed in at the
 * browser yet, and that posts back to the authorize endpoint with the original request in hidden fields.
 * Wrong or unknown credentials show the page again with an error, as Entra ID does (AADSTS50034 /
 * AADSTS50126); the right ones carry on as the authorize request would have for that user.
 */
import type { FakeAccount } from './fake-user-sign-in.js';

/** What the form posts besides the original authorize request. */
export const LOGIN_FIELD = 'login';
export const PASSWORD_FIELD = 'passwd';

export class FakeAccountDirectory {
  private readonly entries = new Map<string, { account: FakeAccount; password: string }>();

  /** Makes `account` able to sign in on the page with `password`. */
  add(account: FakeAccount, password: string): void {
    this.entries.set(account.userPrincipalName.toLowerCase(), { account, password });
  }

  get size(): number {
    return this.entries.size;
  }

  /** The account these credentials sign in, or why not (the text the page shows). */
  check(login: string, password: string): { account: FakeAccount } | { problem: string } {
    const entry = this.entries.get(login.trim().toLowerCase());
    if (!entry)
      return {
        problem:
          "AADSTS50034: We couldn't find an account with that username. Try another, or get a new Microsoft account.",
      };
    if (entry.password !== password)
      return { problem: 'AADSTS50126: Your account or password is incorrect.' };
    return { account: entry.account };
  }
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page: the authorize request's parameters ride along as hidden fields, so that the post can be
 * answered exactly as the original GET would have been. `problem` is shown above the fields.
 */
export function signInPage(
  action: string,
  request: URLSearchParams,
  problem: string | null,
  login = '',
): string {
  const hidden = [...request]
    .filter(([name]) => name !== LOGIN_FIELD && name !== PASSWORD_FIELD)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');
  const error = problem === null ? '' : `<p role="alert" id="problem">${escape(problem)}</p>`;
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to your account</title></head>',
    '<body><main><h1>Sign in</h1>',
    `<form method="post" action="${escape(action)}">${hidden}${error}`,
    `<label for="login">Email, phone, or Skype</label>`,
    `<input id="login" name="${LOGIN_FIELD}" type="email" autocomplete="username" value="${escape(login)}" required>`,
    `<label for="passwd">Password</label>`,
    `<input id="passwd" name="${PASSWORD_FIELD}" type="password" autocomplete="current-password" required>`,
    '<button type="submit">Sign in</button></form></main></body></html>',
  ].join('');
}
