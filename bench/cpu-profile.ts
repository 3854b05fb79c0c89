/** Summarises a V8 .cpuprofile: self time by function and by package/folder. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  byFunction: Array<{ name: string; ms: number; percent: number }>;
  byArea: Array<{ area: string; ms: number; percent: number }>;
}

/** node_modules/<pkg> or the project folder, or a V8/Node category. */
function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules !== null) return modules[1];
  if (url.startsWith('node:')) return url.split('/')[0];
  const project = /\/work\/main\/([^/]+(?:\/[^/]+)?)\//.exec(url);
  return project !== null ? project[1] : url;
}

function shortUrl(url: string): string {
  return url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '');
}

/** `skipFirstMs`: ignore samples taken in the first milliseconds of the profile (start-up). */
export function summarizeProfile(path: string, options: { skipFirstMs?: number; top?: number } = {}): ProfileSummary {
  const top = options.top ?? 15;
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const skipUs = (options.skipFirstMs ?? 0) * 1000;
  const hits = new Map<number, number>();
  let elapsedUs = 0;
  let keptUs = 0;
  let samples = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    elapsedUs += delta;
    if (elapsedUs < skipUs) return;
    keptUs += delta;
    samples += 1;
    hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  const totalMs = keptUs / 1000;
  const msPerSample = samples > 0 ? totalMs / samples : 0;
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const node of profile.nodes) {
    const count = hits.get(node.id) ?? 0;
    if (count === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + count);
  }
  const rank = (map: Map<string, number>) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, count]) => ({ key, ms: Math.round(count * msPerSample), percent: Math.round((count / samples) * 1000) / 10 }));
  return {
    totalMs: Math.round(totalMs),
    byFunction: rank(byFunction).map(({ key, ms, percent }) => ({ name: key, ms, percent })),
    byArea: rank(byArea).map(({ key, ms, percent }) => ({ area: key, ms, percent })),
  };
}
