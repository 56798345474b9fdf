/**
 * Polls `check` until it returns true, failing with `what` after `timeoutMs`; `refresh` runs
 * before each check (an HTTP query, for example).
 */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 5_000, refresh?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await refresh?.();
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
