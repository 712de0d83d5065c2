/** Calls to the staff API; a lapsed session sends the agent back to the login page. */

export class SessionExpired extends Error {}

export async function getJson<T>(
  path: string,
  params: Record<string, string>,
  signal?: AbortSignal,
): Promise<T> {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== ''));
  const response = await fetch(`${path}?${query}`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  if (response.status === 401) {
    window.location.assign('/agent/login');
    throw new SessionExpired('session expirée');
  }
  const body = (await response.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `Erreur ${response.status}`);
  return body;
}

/** `Counts` in French: `1 résultat`, `3 résultats`, `aucun résultat`. */
export function plural(count: number, one: string, many: string, none: string): string {
  if (count === 0) return none;
  return `${count.toLocaleString('fr-FR')} ${count === 1 ? one : many}`;
}
