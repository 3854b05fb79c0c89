/**
 * Restores real GraphQL type names. Codegen pascal-cased every name (`AVPChart` -> `AvpChart`);
 * object types keep the real one in their `__typename` literal. Enums, inputs, interfaces and
 * unions have no such literal: their names come from operation documents when those use them,
 * or are inferred from the real spelling of the object names they share a prefix with.
 * Every guess must turn back into the codegen name under codegen's own naming rule.
 */
import { codegenName, splitWords } from './codegen-names.ts';
import { mapNamedType, type SchemaModel, type TypeModel } from './model.ts';
import type { RenamedName } from './report.ts';

export interface NameEvidence {
  /** Real names seen in GraphQL operation documents (variable types, fragment conditions). */
  documentNames?: Iterable<string>;
}

export interface NamingResult {
  renamed: RenamedName[];
  uncertain: { sourceName: string; name: string; kind: string; why: string }[];
  problems: string[];
}

export function restoreNames(model: SchemaModel, evidence: NameEvidence = {}): NamingResult {
  const renamed: RenamedName[] = [];
  const uncertain: NamingResult['uncertain'] = [];
  const problems: string[] = [];
  const realName = new Map<string, string>();
  const claimed = new Set<string>();

  const assign = (type: TypeModel, name: string, evidenceText: string) => {
    if (claimed.has(name)) {
      problems.push(`${type.sourceName}: real name ${name} already taken; kept ${type.sourceName}`);
      return false;
    }
    claimed.add(name);
    realName.set(type.sourceName, name);
    if (name !== type.sourceName) renamed.push({ sourceName: type.sourceName, name, kind: type.kind, evidence: evidenceText });
    return true;
  };

  // 1. Object types: the `__typename` literal is the real name.
  for (const type of model.types) {
    if (type.kind !== 'object' || type.typename === undefined) continue;
    if (codegenName(type.typename) !== type.sourceName) {
      problems.push(`${type.sourceName}: __typename '${type.typename}' does not turn into this name under codegen's rule; used anyway`);
    }
    assign(type, type.typename, '__typename');
  }

  // 2. Names spelled in operation documents.
  const documentNames = new Map<string, string>();
  for (const name of evidence.documentNames ?? []) documentNames.set(codegenName(name), name);

  const realObjectNames = model.types.flatMap((t) => (t.kind === 'object' && t.typename !== undefined ? [t.typename] : []));
  const words = learnWordSpellings(realObjectNames);
  const trie = buildWordTrie(realObjectNames);

  for (const type of model.types) {
    if (realName.has(type.sourceName)) continue;
    if (type.kind === 'scalar') {
      // Scalars keep their real names: they are the keys of the `Scalars` record.
      assign(type, type.sourceName, 'Scalars key');
      continue;
    }
    const fromDocument = documentNames.get(type.sourceName);
    if (fromDocument !== undefined) {
      assign(type, fromDocument, 'operation document');
      continue;
    }
    const guess = inferName(type.sourceName, trie, words.unanimous);
    const mixed = guess.unsureWords.filter((word) => words.mixed.has(word));
    const doubt = mixed.map((w) => `object names spell ${w} as ${[...words.mixed.get(w)!].join('/')}`);
    if (guess.name !== type.sourceName && codegenName(guess.name) === type.sourceName && assign(type, guess.name, guess.evidence)) {
      uncertain.push({ sourceName: type.sourceName, name: guess.name, kind: type.kind, why: [`inferred: ${guess.evidence}`, ...doubt].join('; ') });
      continue;
    }
    assign(type, type.sourceName, 'codegen name');
    if (doubt.length > 0) uncertain.push({ sourceName: type.sourceName, name: type.sourceName, kind: type.kind, why: `kept codegen spelling; ${doubt.join(', ')}` });
  }

  const rename = (name: string) => realName.get(name) ?? name;
  for (const type of model.types) {
    type.name = rename(type.sourceName);
    if (type.kind === 'object' || type.kind === 'interface') {
      type.interfaces = type.interfaces.map(rename);
      for (const field of type.fields) {
        field.type = mapNamedType(field.type, rename);
        for (const arg of field.args) arg.type = mapNamedType(arg.type, rename);
      }
    } else if (type.kind === 'input') {
      for (const field of type.fields) field.type = mapNamedType(field.type, rename);
    } else if (type.kind === 'union') {
      type.members = type.members.map(rename);
    }
  }
  return { renamed, uncertain, problems };
}

/** A name's words in codegen spelling, `_` kept as its own word so prefixes stop at it. */
function codegenWords(name: string): string[] {
  return name.split('_').flatMap((part, index) => [...(index > 0 ? ['_'] : []), ...splitWords(part).map(codegenName)]);
}

function realWords(name: string): string[] {
  return name.split('_').flatMap((part, index) => [...(index > 0 ? ['_'] : []), ...splitWords(part)]);
}

/**
 * How object names spell each codegen word. `unanimous`: every one of at least two occurrences uses
 * the same spelling, which differs from codegen's (`Avp` -> `AVP`, `Dm` -> `DM`); `mixed`: the other
 * spelling occurs at least twice beside codegen's (`Ai` and `AI`), so a name using the word stays uncertain.
 */
function learnWordSpellings(realObjectNames: string[]): { unanimous: Map<string, string>; mixed: Map<string, Set<string>> } {
  const seen = new Map<string, Map<string, number>>();
  for (const real of realObjectNames) {
    for (const word of realWords(real)) {
      const converted = codegenName(word);
      const spellings = seen.get(converted) ?? new Map<string, number>();
      spellings.set(word, (spellings.get(word) ?? 0) + 1);
      seen.set(converted, spellings);
    }
  }
  const unanimous = new Map<string, string>();
  const mixed = new Map<string, Set<string>>();
  for (const [converted, spellings] of seen) {
    const variants = [...spellings].filter(([word]) => word !== converted);
    if (variants.length === 0) continue;
    const total = [...spellings.values()].reduce((a, b) => a + b, 0);
    if (spellings.size === 1 && total >= 2) unanimous.set(converted, variants[0][0]);
    else if (variants.some(([, count]) => count >= 2)) mixed.set(converted, new Set(spellings.keys()));
  }
  return { unanimous, mixed };
}

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Real spellings of the path's words among object names passing here, with how many use each. */
  spellings: Map<string, { words: string[]; count: number; example: string }>;
}

/** Object names as word paths (codegen spelling), remembering each prefix's real spelling. */
function buildWordTrie(realObjectNames: string[]): TrieNode {
  const root: TrieNode = { children: new Map(), spellings: new Map() };
  for (const real of realObjectNames) {
    const reals = realWords(real);
    const converted = reals.map((w) => (w === '_' ? w : codegenName(w)));
    let node = root;
    for (let i = 0; i < converted.length; i++) {
      let child = node.children.get(converted[i]);
      if (!child) {
        child = { children: new Map(), spellings: new Map() };
        node.children.set(converted[i], child);
      }
      const prefix = reals.slice(0, i + 1);
      const key = prefix.join(' ');
      const entry = child.spellings.get(key) ?? { words: prefix, count: 0, example: real };
      entry.count += 1;
      child.spellings.set(key, entry);
      node = child;
    }
  }
  return root;
}

/**
 * A real-name guess. The longest run of leading words shared with object names takes their real
 * spelling (`DevOpsMetricsPerPrCycleTimeBreakdownPhase` shares all its words with object
 * `DevOpsMetricsPerPRCycleTimeBreakdownPhaseMetrics` -> `...PerPRCycle...`), using the most common
 * spelling when objects disagree; each remaining word takes its unanimous object spelling, if any.
 */
function inferName(
  sourceName: string,
  trie: TrieNode,
  unanimous: Map<string, string>,
): { name: string; evidence: string; unsureWords: string[] } {
  const words = codegenWords(sourceName);
  let node = trie;
  let depth = 0;
  let best: { words: string[]; count: number; example: string } | undefined;
  let disagreement = false;
  while (depth < words.length) {
    const child = node.children.get(words[depth]);
    if (!child) break;
    node = child;
    depth += 1;
    const ranked = [...node.spellings.values()].sort((a, b) => b.count - a.count || a.example.localeCompare(b.example));
    best = ranked[0];
    disagreement = ranked.length > 1;
  }
  const evidence: string[] = [];
  const result: string[] = [];
  const unsureWords: string[] = [];
  if (best !== undefined && best.words.length === depth) {
    result.push(...best.words);
    if (best.words.some((w, i) => w !== words[i])) {
      evidence.push(`leading words as in object ${best.example}${disagreement ? ' (objects disagree; most common spelling)' : ''}`);
      if (disagreement) unsureWords.push(...words.slice(0, depth).filter((w, i) => w !== best!.words[i]));
    }
  } else {
    depth = 0;
  }
  const respelled: string[] = [];
  for (const word of words.slice(depth)) {
    const real = unanimous.get(word);
    if (real === undefined) {
      result.push(word);
      unsureWords.push(word);
    } else {
      result.push(real);
      respelled.push(`${word}->${real}`);
    }
  }
  if (respelled.length > 0) evidence.push(`object names always spell ${[...new Set(respelled)].join(', ')}`);
  return { name: result.join(''), evidence: evidence.join('; '), unsureWords };
}
