/**
 * The todo.sr.ht sandbox dataset: user ~sandbox owning trackers `gateway` and `docs`,
 * with tickets, labels and event histories (Created, Comment, StatusChange, Assignment,
 * LabelUpdate). Deterministic: seeded PRNG and the shared fixed base date.
 */
import { createPrng, type Prng } from './prng.ts';
import { BASE_MS, DAY, HOUR, MINUTE, isoDateTime } from './time.ts';

export type SrhtTicketStatus = 'REPORTED' | 'CONFIRMED' | 'IN_PROGRESS' | 'PENDING' | 'RESOLVED';
export type SrhtTicketResolution = 'UNRESOLVED' | 'CLOSED' | 'FIXED' | 'IMPLEMENTED' | 'WONT_FIX' | 'BY_DESIGN' | 'INVALID' | 'DUPLICATE' | 'NOT_OUR_BUG';
export type SrhtAuthenticity = 'AUTHENTIC' | 'UNAUTHENTICATED' | 'TAMPERED';

export interface SrhtUser {
  kind: 'User';
  id: number;
  created: string;
  updated: string;
  canonicalName: string;
  username: string;
  email: string;
  url: string | null;
  location: string | null;
  bio: string | null;
}

export interface SrhtEmailAddress {
  kind: 'EmailAddress';
  canonicalName: string;
  mailbox: string;
  name: string | null;
}

export interface SrhtExternalUser {
  kind: 'ExternalUser';
  canonicalName: string;
  externalId: string;
  externalUrl: string | null;
}

export type SrhtEntity = SrhtUser | SrhtEmailAddress | SrhtExternalUser;

export interface SrhtTracker {
  id: number;
  created: string;
  updated: string;
  owner: string;
  name: string;
  description: string | null;
  visibility: 'PUBLIC' | 'UNLISTED' | 'PRIVATE';
}

export interface SrhtLabel {
  id: number;
  created: string;
  name: string;
  trackerId: number;
  backgroundColor: string;
  foregroundColor: string;
}

export interface SrhtTicket {
  trackerId: number;
  /** Unique per tracker, from 1. */
  id: number;
  created: string;
  updated: string;
  submitter: string;
  ref: string;
  subject: string;
  body: string | null;
  status: SrhtTicketStatus;
  resolution: SrhtTicketResolution;
  authenticity: SrhtAuthenticity;
  labelIds: number[];
  /** Canonical names of the assignees. */
  assignees: string[];
}

/** Entities are referred to by canonical name (`~sandbox`, `Jane Roe <jane@example.org>`, `github:octo-dev`). */
export type SrhtChange =
  | { eventType: 'CREATED'; author: string }
  | { eventType: 'COMMENT'; author: string; text: string; authenticity: SrhtAuthenticity }
  | { eventType: 'STATUS_CHANGE'; editor: string; oldStatus: SrhtTicketStatus; newStatus: SrhtTicketStatus; oldResolution: SrhtTicketResolution; newResolution: SrhtTicketResolution }
  | { eventType: 'ASSIGNED_USER' | 'UNASSIGNED_USER'; assigner: string; assignee: string }
  | { eventType: 'LABEL_ADDED' | 'LABEL_REMOVED'; labeler: string; labelId: number };

export interface SrhtEvent {
  /** Globally unique, ascending with time. */
  id: number;
  created: string;
  trackerId: number;
  ticketId: number;
  changes: SrhtChange[];
}

export interface SrhtDataset {
  baseDate: string;
  /** The user every sandbox caller is (`me`). */
  me: string;
  entities: SrhtEntity[];
  trackers: SrhtTracker[];
  labels: SrhtLabel[];
  tickets: SrhtTicket[];
  events: SrhtEvent[];
}

/** Tickets per tracker, and the ticket with a long event history (events pagination). */
export const SRHT_TICKET_COUNTS: Record<string, number> = { gateway: 60, docs: 12 };
export const SRHT_RICH_TICKET = { tracker: 'gateway', id: 1, events: 40 };

const SEED = 4242;

function user(id: number, username: string, createdDaysAgo: number, extra: Partial<SrhtUser> = {}): SrhtUser {
  return {
    kind: 'User',
    id,
    created: isoDateTime(BASE_MS - createdDaysAgo * DAY),
    updated: isoDateTime(BASE_MS - 10 * DAY),
    canonicalName: `~${username}`,
    username,
    email: `${username}@sandbox.example.com`,
    url: null,
    location: null,
    bio: null,
    ...extra,
  };
}

const SUBJECTS = {
  gateway: ['Retry storm when upstream returns 429', 'Cursor pagination skips last item', 'Support X-ExperimentalApi header', 'Memory leak in schema cache', 'Document sandbox mode', 'Timeouts are not configurable per upstream', 'Add Prometheus histogram for upstream latency', 'Redis budget store loses tokens on restart', 'GraphQL errors leak upstream URLs', 'Changelog bulk fetch ignores fieldIds'],
  docs: ['Typo in quick start', 'Explain cloudId lookup', 'Example for todo.sr.ht tokens is wrong', 'Missing env variable table', 'Broken link to transport spec', 'Add a sandbox walkthrough'],
};
const COMMENTS = ['Confirmed on the latest main.', 'I have a patch for this, sending it to the list.', 'Could you attach the request log?', 'Fixed in the latest deploy, please verify.', 'This looks like a duplicate of an older ticket.', 'Works for me now, thanks!', 'Not sure this is our bug; the upstream returns it.'];

function build(): SrhtDataset {
  const prng: Prng = createPrng(SEED);
  // Its own sequence, so the tickets above keep exactly the events they had before it existed.
  const workPrng: Prng = createPrng(SEED + 1);
  const me = user(1, 'sandbox', 700, { url: 'https://sandbox.example.com', location: 'Berlin', bio: 'Sandbox account for the atlassian-mesh gateway.' });
  const people = [me, user(2, 'ada', 1200), user(3, 'lin', 900, { location: 'Taipei' }), user(4, 'ravi', 400)];
  const outsiders: SrhtEntity[] = [
    { kind: 'EmailAddress', canonicalName: 'Jane Roe <jane@example.org>', mailbox: 'jane@example.org', name: 'Jane Roe' },
    { kind: 'ExternalUser', canonicalName: 'github:octo-dev', externalId: 'github:octo-dev', externalUrl: 'https://github.com/octo-dev' },
  ];
  const entities: SrhtEntity[] = [...people, ...outsiders];
  const trackers: SrhtTracker[] = [
    { id: 1, created: isoDateTime(BASE_MS - 400 * DAY), updated: isoDateTime(BASE_MS - 30 * DAY), owner: me.canonicalName, name: 'gateway', description: 'Bugs and feature requests for the atlassian-mesh gateway', visibility: 'PUBLIC' },
    { id: 2, created: isoDateTime(BASE_MS - 300 * DAY), updated: isoDateTime(BASE_MS - 60 * DAY), owner: me.canonicalName, name: 'docs', description: 'Documentation issues', visibility: 'UNLISTED' },
  ];
  const labelSpecs: Array<[string, number, string, string]> = [
    ['bug', 1, '#d73a4a', '#ffffff'],
    ['enhancement', 1, '#a2eeef', '#000000'],
    ['question', 1, '#d876e3', '#ffffff'],
    ['performance', 1, '#fbca04', '#000000'],
    ['security', 1, '#b60205', '#ffffff'],
    ['typo', 2, '#c5def5', '#000000'],
    ['missing-docs', 2, '#0075ca', '#ffffff'],
    ['example', 2, '#7057ff', '#ffffff'],
  ];
  const labels: SrhtLabel[] = labelSpecs.map(([name, trackerId, backgroundColor, foregroundColor], i) => ({
    id: i + 1,
    created: isoDateTime(BASE_MS - (250 - i) * DAY),
    name,
    trackerId,
    backgroundColor,
    foregroundColor,
  }));

  const tickets: SrhtTicket[] = [];
  const pending: Array<Omit<SrhtEvent, 'id'> & { time: number }> = [];
  for (const tracker of trackers) {
    const count = SRHT_TICKET_COUNTS[tracker.name];
    const trackerLabels = labels.filter((l) => l.trackerId === tracker.id);
    for (let n = 1; n <= count; n++) {
      const createdMs = Math.floor((BASE_MS - 200 * DAY + ((n - 1) / count) * 195 * DAY + prng.int(0, 600) * MINUTE) / MINUTE) * MINUTE;
      const submitter = prng.chance(0.8) ? prng.pick(people).canonicalName : prng.pick(outsiders).canonicalName;
      const rich = tracker.name === SRHT_RICH_TICKET.tracker && n === SRHT_RICH_TICKET.id;
      const events: Array<{ time: number; changes: SrhtChange[] }> = [{ time: createdMs, changes: [{ eventType: 'CREATED', author: submitter }] }];
      let status: SrhtTicketStatus = 'REPORTED';
      let resolution: SrhtTicketResolution = 'UNRESOLVED';
      let assignees: string[] = [];
      let ticketLabels: number[] = [];
      let time = createdMs;
      const steps = rich ? SRHT_RICH_TICKET.events - 1 : prng.int(0, 6);
      const gap = rich ? Math.floor((BASE_MS - createdMs) / (steps + 2)) : 6 * DAY;
      for (let s = 0; s < steps; s++) {
        time += prng.int(30, gap / MINUTE) * MINUTE;
        if (time >= BASE_MS - HOUR) break;
        const actor = prng.pick(people).canonicalName;
        const roll = prng.next();
        let change: SrhtChange;
        if (roll < 0.35) {
          change = { eventType: 'COMMENT', author: prng.chance(0.85) ? actor : prng.pick(outsiders).canonicalName, text: prng.pick(COMMENTS), authenticity: 'AUTHENTIC' };
        } else if (roll < 0.6) {
          const flow: SrhtTicketStatus[] = ['REPORTED', 'CONFIRMED', 'IN_PROGRESS', 'PENDING', 'RESOLVED'];
          const next: SrhtTicketStatus = status === 'RESOLVED' ? 'REPORTED' : flow[flow.indexOf(status) + 1];
          const nextResolution: SrhtTicketResolution = next === 'RESOLVED' ? prng.pick<SrhtTicketResolution>(['FIXED', 'FIXED', 'IMPLEMENTED', 'WONT_FIX', 'DUPLICATE', 'INVALID']) : 'UNRESOLVED';
          change = { eventType: 'STATUS_CHANGE', editor: me.canonicalName, oldStatus: status, newStatus: next, oldResolution: resolution, newResolution: nextResolution };
          status = next;
          resolution = nextResolution;
        } else if (roll < 0.8) {
          const candidate = prng.pick(people).canonicalName;
          if (assignees.includes(candidate)) {
            change = { eventType: 'UNASSIGNED_USER', assigner: me.canonicalName, assignee: candidate };
            assignees = assignees.filter((a) => a !== candidate);
          } else {
            change = { eventType: 'ASSIGNED_USER', assigner: me.canonicalName, assignee: candidate };
            assignees = [...assignees, candidate];
          }
        } else {
          const label = prng.pick(trackerLabels);
          if (ticketLabels.includes(label.id)) {
            change = { eventType: 'LABEL_REMOVED', labeler: actor, labelId: label.id };
            ticketLabels = ticketLabels.filter((l) => l !== label.id);
          } else {
            change = { eventType: 'LABEL_ADDED', labeler: actor, labelId: label.id };
            ticketLabels = [...ticketLabels, label.id].sort((a, b) => a - b);
          }
        }
        events.push({ time, changes: [change] });
      }
      // Some tickets are worked through to RESOLVED (a few reopened and resolved again), so cycle
      // and lead times and flow metrics have todo.sr.ht completions to show.
      if (!rich && time < BASE_MS - 3 * DAY && workPrng.chance(0.4)) {
        const remaining: Record<SrhtTicketStatus, SrhtTicketStatus[]> = {
          REPORTED: ['CONFIRMED', 'IN_PROGRESS', 'RESOLVED'],
          CONFIRMED: ['IN_PROGRESS', 'RESOLVED'],
          IN_PROGRESS: ['RESOLVED'],
          PENDING: ['RESOLVED'],
          RESOLVED: [],
        };
        const reopened = workPrng.chance(0.2);
        const path: SrhtTicketStatus[] = [...remaining[status], ...(reopened ? (['REPORTED', 'IN_PROGRESS', 'RESOLVED'] as SrhtTicketStatus[]) : [])];
        for (const next of path) {
          const at = time + workPrng.int(2, 60) * HOUR;
          if (at >= BASE_MS - HOUR) break;
          time = at;
          const nextResolution: SrhtTicketResolution = next === 'RESOLVED' ? workPrng.pick<SrhtTicketResolution>(['FIXED', 'FIXED', 'IMPLEMENTED']) : 'UNRESOLVED';
          events.push({ time, changes: [{ eventType: 'STATUS_CHANGE', editor: me.canonicalName, oldStatus: status, newStatus: next, oldResolution: resolution, newResolution: nextResolution }] });
          status = next;
          resolution = nextResolution;
        }
      }
      const subjects = SUBJECTS[tracker.name as keyof typeof SUBJECTS];
      tickets.push({
        trackerId: tracker.id,
        id: n,
        created: isoDateTime(createdMs),
        updated: isoDateTime(events[events.length - 1].time),
        submitter,
        ref: `${tracker.owner}/${tracker.name}#${n}`,
        subject: `${prng.pick(subjects)}${n > subjects.length ? ` (${n})` : ''}`,
        body: prng.chance(0.9) ? `Steps to reproduce:\n\n1. Start the gateway in sandbox mode\n2. Run the query from the README\n\nTicket ${n} of ${tracker.name}.` : null,
        status,
        resolution,
        authenticity: submitter.startsWith('~') ? 'AUTHENTIC' : 'UNAUTHENTICATED',
        labelIds: ticketLabels,
        assignees,
      });
      for (const event of events) pending.push({ time: event.time, created: isoDateTime(event.time), trackerId: tracker.id, ticketId: n, changes: event.changes });
    }
  }
  // Event ids ascend with time across trackers, as a database sequence would.
  pending.sort((a, b) => a.time - b.time || a.trackerId - b.trackerId || a.ticketId - b.ticketId);
  const events: SrhtEvent[] = pending.map(({ time: _time, ...event }, i) => ({ id: i + 1, ...event }));
  return { baseDate: isoDateTime(BASE_MS), me: me.canonicalName, entities, trackers, labels, tickets, events };
}

let memo: SrhtDataset | undefined;

/** The todo.sr.ht dataset, built once per process; read-only. */
export function getSrhtDataset(): SrhtDataset {
  memo ??= build();
  return memo;
}

export function buildSrhtDataset(): SrhtDataset {
  return build();
}
