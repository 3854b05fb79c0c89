/**
 * Progress of an export: on a terminal one line rewritten in place (records, upstream requests,
 * current rate-limit wait); otherwise plain lines, one per phase, so logs stay readable.
 */
import type { TransportObserver } from '../sources/transport/observer.ts';
import type { ProgressEvent } from './run.ts';

export interface ProgressOutput {
  write(text: string): void;
  isTTY?: boolean;
}

export class Progress {
  records = 0;
  requests = 0;
  private phase = '';
  private waitUntil = 0;
  private lastDraw = 0;
  private drawn = false;
  private readonly started = performance.now();

  constructor(private readonly out: ProgressOutput) {}

  readonly observer: TransportObserver = {
    onUpstreamCall: () => {
      this.requests += 1;
      this.draw(false);
    },
    onRateLimited: ({ upstream, waitSeconds }) => {
      if (waitSeconds !== null) this.waitUntil = Date.now() + waitSeconds * 1000;
      if (!this.out.isTTY) this.out.write(`rate limited by ${upstream}${waitSeconds !== null ? `: waiting ${waitSeconds.toFixed(0)} s` : ''}\n`);
      this.draw(true);
    },
  };

  onProgress = (event: ProgressEvent): void => {
    // The finished phase's line carries its own totals, before this batch's records are added.
    if (!this.out.isTTY && event.phase !== this.phase && this.phase !== '') this.out.write(`${this.phase}: done (${this.status()})\n`);
    this.records = event.records;
    this.phase = event.phase;
    this.draw(true);
  };

  note(line: string): void {
    this.clear();
    this.out.write(`${line}\n`);
  }

  private status(): string {
    const seconds = (performance.now() - this.started) / 1000;
    const wait = Math.max(0, Math.ceil((this.waitUntil - Date.now()) / 1000));
    return `${this.records} records, ${this.requests} upstream requests, ${seconds.toFixed(1)} s${wait > 0 ? `, waiting ${wait} s for a rate limit` : ''}`;
  }

  private draw(force: boolean): void {
    if (!this.out.isTTY) return;
    const now = performance.now();
    // At most ten redraws a second: the terminal is not the bottleneck we want.
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.out.write(`\r\x1b[2K${this.phase === '' ? 'exporting' : this.phase}: ${this.status()}`);
    this.drawn = true;
  }

  clear(): void {
    if (this.out.isTTY && this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  finish(): void {
    this.clear();
    if (!this.out.isTTY && this.phase !== '') this.out.write(`${this.phase}: done (${this.status()})\n`);
  }
}
