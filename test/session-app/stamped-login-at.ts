/**
 * The login time the library stamped in a session's data (field `singleSession`), read as the
 * tests' apps see it: a signed-in stamp is kept in its short form, `<login time, base 36>:<account id>`;
 * other stamps (and those of earlier versions) are objects.
 */
export function stampedLoginAt(session: Record<string, any> | undefined): number | undefined {
  const stamp: unknown = session?.singleSession;
  if (typeof stamp === 'string') return parseInt(stamp.slice(0, stamp.indexOf(':')), 36);
  return (stamp as { loginAt?: number } | undefined)?.loginAt;
}
