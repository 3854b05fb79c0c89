/** Summarises a V8 .cpuprofile: self time by function and by package/folder. */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/**
 * `npm run serve` runs a bundle (dist/*.mjs), where every frame would belong to "dist". esbuild
 * starts each input with a `// <path>` line; a frame's line maps back to the input it lies in.
 */
const bundleMarks = new Map<string, Array<{ line: number; path: string }>>();

function sourceUrl(url: string, lineNumber: number): string {
  if (!/\/dist\/[^/]+\.mjs$/.test(url)) return url;
  let marks = bundleMarks.get(url);
  if (marks === undefined) {
    marks = [];
    try {
      readFileSync(fileURLToPath(url), 'utf8')
        .split('\n')
        .forEach((text, line) => {
          const mark = /^\/\/ ([\w@.-]+\/\S+\.(?:[cm]?js|ts))$/.exec(text);
          if (mark !== null) marks!.push({ line, path: mark[1]! });
        });
    } catch {
      // a bundle rebuilt or removed since the run: frames keep their bundle URL
    }
    bundleMarks.set(url, marks);
  }
  let low = 0;
  let high = marks.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (marks[middle]!.line <= lineNumber) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (found < 0) return url;
  const root = dirname(dirname(fileURLToPath(url)));
  return pathToFileURL(`${root}/${marks[found]!.path}`).href;
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
    const { functionName, lineNumber } = node.callFrame;
    const url = sourceUrl(node.callFrame.url, lineNumber);
    // A bundled frame's line number is the bundle's: shown with the input's path, it would mislead.
    const where = url === '' ? '' : url === node.callFrame.url ? `${shortUrl(url)}:${lineNumber + 1}` : shortUrl(url);
    const name = `${functionName || '(anonymous)'} ${where}`.trim();
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
