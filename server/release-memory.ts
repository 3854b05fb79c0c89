/**
 * One full garbage collection after the schema build. Building the ~21k-type schema leaves several
 * hundred MB of garbage (parsed documents, intermediate schemas) that V8 would otherwise hold as
 * RSS for a long while: measured ~950 MB RSS before, ~500 MB after, for ~0.3 s once at start-up.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

export function releaseStartupGarbage(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}
