/**
 * Polls `done` until it holds, for state that another process (or a background loop) reaches on
 * its own schedule and announces nowhere a test could listen. Fails with `what` after the timeout.
 * Not for proving absence: that takes a marker sent last (see test/feed.test.ts).
 */
export async function eventually(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await done()); ) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
