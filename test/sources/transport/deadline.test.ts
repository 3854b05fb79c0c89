import { describe, expect, it } from 'vitest';
import { startDeadline } from '../../../sources/transport/deadline.ts';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startDeadline', () => {
  it('aborts with a TimeoutError when the time is up', async () => {
    const deadline = startDeadline(5);
    await wait(30);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut()).toBe(true);
    expect((deadline.signal.reason as Error).name).toBe('TimeoutError');
  });

  it('never fires once cleared', async () => {
    const deadline = startDeadline(5);
    deadline.clear();
    await wait(30);
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.timedOut()).toBe(false);
  });

  it("follows the caller's signal until cleared, with the caller's reason, and is not a timeout", () => {
    const caller = new AbortController();
    const deadline = startDeadline(60_000, caller.signal);
    caller.abort(new Error('client went away'));
    expect(deadline.signal.aborted).toBe(true);
    expect((deadline.signal.reason as Error).message).toBe('client went away');
    expect(deadline.timedOut()).toBe(false);
    deadline.clear();

    const later = new AbortController();
    const cleared = startDeadline(60_000, later.signal);
    cleared.clear();
    later.abort();
    expect(cleared.signal.aborted).toBe(false);
  });

  it('starts aborted when the caller already gave up', () => {
    const caller = new AbortController();
    caller.abort();
    const deadline = startDeadline(60_000, caller.signal);
    expect(deadline.signal.aborted).toBe(true);
    deadline.clear();
  });
});
