/**
 * Every AGG operation the canonical layer sends, checked against the rebuilt AGG SDL: valid, no
 * deprecated element (in particular none past its announced removal date), and every @optIn and
 * X-ExperimentalApi (or other header) requirement a field description states present in the
 * operation or in the headers the operation is always sent with. Also: the registry is complete
 * (no AGG document under resolvers/agg escapes it) and the checker itself catches each violation.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGG_OPERATION_DEFINITIONS, AGG_OPERATIONS } from '../../resolvers/agg/operations/index.ts';
import { operationHeaders, type AggOperation } from '../../resolvers/agg/operations/define.ts';
import { announcedRemovalDate, checkDocumentedRules, ruleFromDescription, type RuleCheckOptions } from '../../scripts/sandbox/agg/rules.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SDL_PATH = join(ROOT, 'graphql', 'agg.graphql');
const present = existsSync(SDL_PATH);
const inCi = process.env.CI === 'true';

/** The headers one request of the operation carries, as rule-check options (what the client sends). */
function sentWith(operation: AggOperation): Pick<RuleCheckOptions, 'experimentalApis' | 'headers'> {
  const headers = Object.fromEntries(Object.entries(operationHeaders(operation)).map(([name, value]) => [name.toLowerCase(), value]));
  const experimentalApis = (headers['x-experimentalapi'] ?? '').split(',').map((value) => value.trim()).filter(Boolean);
  return { experimentalApis, headers };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('documented-rule parsing', () => {
  it('reads removal dates in the forms AGG uses, and only for removals', () => {
    expect(announcedRemovalDate('This field will be removed on 31 December 2025. Use the score field instead.')).toBe('2025-12-31');
    expect(announcedRemovalDate('This mutation will be removed 1 December 2025 as part of the Compass Templates deprecation.')).toBe('2025-12-01');
    expect(announcedRemovalDate('recentlyViewedSpaces will no longer be supported after June 30 2023')).toBe('2023-06-30');
    expect(announcedRemovalDate('Removal planned for 2027-03-01')).toBe('2027-03-01');
    expect(announcedRemovalDate('This is deprecated in favour of teamV2')).toBeNull();
    expect(announcedRemovalDate('Added on 31 December 2025')).toBeNull();
  });

  it('reads opt-ins, every wording of the beta header, other headers and OAuth availability', () => {
    const rule = ruleFromDescription(
      'Q.f',
      [
        "To query this field a client will need to add the '@optIn(to: \"compass-beta\")' query directive to the 'f' field, or to any of its parents.",
        'To use this field you must set a `X-ExperimentalApi: team-members-beta` HTTP header.',
        'This API is currently in BETA. You must provide "X-ExperimentalApi compass-beta" in your request header.',
        'This field is currently in BETA - set X-ExperimentalApi-xls-last-deployments-v0 to call it.',
        'Note: This field requires the "X-Force-Dynamo": "true" header to work correctly',
        '### The field is not available for OAuth authenticated requests',
      ].join('\n'),
      null,
    );
    expect(rule).toMatchObject({
      optIns: ['compass-beta'],
      experimentalApis: ['team-members-beta', 'compass-beta', 'xls-last-deployments-v0'],
      headers: [{ name: 'x-force-dynamo', value: 'true' }],
      oauthUnavailable: true,
      removalDate: null,
    });
    expect(ruleFromDescription('Q.g', '| THIRD_PARTY_OAUTH | ❌ No |', null).oauthUnavailable).toBe(true);
    expect(ruleFromDescription('Q.g', '| THIRD_PARTY_OAUTH | ✅ Yes |', null).oauthUnavailable).toBe(false);
  });
});

describe('AGG operation registry', () => {
  it('names each operation after its document, and every document is sent through it', () => {
    for (const [name, operation] of Object.entries(AGG_OPERATION_DEFINITIONS)) {
      const ast = parse(operation.document);
      const definition = ast.definitions.find((candidate) => candidate.kind === 'OperationDefinition');
      expect(definition && 'name' in definition ? definition.name?.value : null, name).toBe(name);
      expect(AGG_OPERATIONS[name]).toBe(operation.document);
    }
  });

  it('holds every AGG document under resolvers/agg (none is sent past it)', () => {
    const registered = new Set(Object.keys(AGG_OPERATION_DEFINITIONS));
    const found = new Set<string>();
    for (const file of filesUnder(join(ROOT, 'resolvers', 'agg'))) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/\b(?:query|mutation)\s+([A-Z][A-Za-z0-9_]*)\s*[({@]/g)) found.add(match[1]);
      // The client takes AggOperation values only: a raw query string handed to it would not type-check,
      // and a hand-built request body would show up here.
      if (!file.endsWith(join('agg', 'client.ts'))) expect(source, `${file} builds an AGG request body itself`).not.toMatch(/JSON\.stringify\(\{\s*query/);
    }
    expect([...found].filter((name) => !registered.has(name))).toEqual([]);
    expect([...registered].filter((name) => !found.has(name))).toEqual([]);
  });

  it('sends beta opt-ins as X-ExperimentalApi and the documented headers with each operation', () => {
    expect(operationHeaders(AGG_OPERATION_DEFINITIONS.CanonicalTeamById)).toEqual({ 'X-ExperimentalApi': 'team-members-beta' });
    expect(operationHeaders(AGG_OPERATION_DEFINITIONS.CanonicalTeamSearch)).toEqual({ 'X-ExperimentalApi': 'team-members-beta' });
    expect(operationHeaders(AGG_OPERATION_DEFINITIONS.CanonicalTeamworkUserRelations)).toEqual({ 'X-Force-Dynamo': 'true' });
    expect(operationHeaders(AGG_OPERATION_DEFINITIONS.CanonicalCompassSearchComponents)).toEqual({});
  });
});

describe.skipIf(!present)('AGG operations against graphql/agg.graphql', () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    schema = buildSchema(readFileSync(SDL_PATH, 'utf8'), { assumeValidSDL: true });
  });

  it.each(Object.entries(AGG_OPERATION_DEFINITIONS))('%s is valid and follows every rule AGG documents', (_name, operation) => {
    const ast = parse(operation.document);
    expect(validate(schema, ast).map((error) => error.message)).toEqual([]);
    const violations = checkDocumentedRules(schema, ast, {
      ...sentWith(operation),
      // Operations the resolvers may send with an OAuth token must use only fields OAuth callers may read.
      oauth: operation.credentials === 'any',
      today: new Date(),
      // Whatever the variables: a field behind @include counts as sent.
      mode: 'static',
      forbidDeprecated: true,
    });
    expect(violations.map((violation) => violation.message)).toEqual([]);
  });

  it('the tenanted-only operations are exactly those AGG documents as unavailable to OAuth callers', () => {
    for (const operation of Object.values(AGG_OPERATION_DEFINITIONS)) {
      const oauthViolations = checkDocumentedRules(schema, parse(operation.document), { ...sentWith(operation), oauth: true, today: new Date(), mode: 'static' }).filter(
        (violation) => violation.kind === 'oauth',
      );
      expect(oauthViolations.length > 0, operation.name).toBe(operation.credentials === 'tenanted');
    }
  });

  describe('the check can fail', () => {
    const today = new Date('2026-11-30T00:00:00Z');
    const check = (query: string, options: Partial<RuleCheckOptions> = {}) => {
      const ast = parse(query);
      expect(validate(schema, ast).map((error) => error.message)).toEqual([]);
      return checkDocumentedRules(schema, ast, { experimentalApis: [], today, mode: 'static', ...options }).map((violation) => `${violation.kind} ${violation.coordinate} ${violation.requirement}`);
    };

    it('rejects a document using a path AGG does not have', () => {
      expect(validate(schema, parse('query X { jira { allJiraProjectsWithTeams { totalCount } } }')).length).toBeGreaterThan(0);
    });

    it('flags a missing opt-in, and accepts it on the field, a parent or the operation', () => {
      const ownerTeam = (directive: { field?: string; parent?: string; operation?: string }) =>
        `query Q($id: ID!) ${directive.operation ?? ''} { compass ${directive.parent ?? ''} { component(id: $id) { ... on CompassComponent { ownerTeam ${directive.field ?? ''} { id } } } } }`;
      expect(check(ownerTeam({}))).toEqual(['opt-in CompassComponent.ownerTeam compass-beta']);
      expect(check(ownerTeam({ field: '@optIn(to: "compass-beta")' }))).toEqual([]);
      expect(check(ownerTeam({ parent: '@optIn(to: ["other", "compass-beta"])' }))).toEqual([]);
      expect(check(ownerTeam({ operation: '@optIn(to: "compass-beta")' }))).toEqual([]);
      expect(check(ownerTeam({ field: '@optIn(to: "compass-prototype")' }))).toEqual(['opt-in CompassComponent.ownerTeam compass-beta']);
    });

    it('follows opt-ins through fragments, per path', () => {
      const query = `
        query Q($id: ID!) { compass { component(id: $id) { ... on CompassComponent { a: appliedScorecards @optIn(to: "compass-beta") { ...S } b: deactivatedScorecards @optIn(to: "compass-beta") { pageInfo { hasNextPage } } } } } }
        query R($id: ID!) { compass { component(id: $id) { ... on CompassComponent { appliedScorecards @optIn(to: "compass-beta") { ...S } } } } }
        fragment S on CompassComponentHasScorecardsAppliedConnection { edges { score { __typename } } }`;
      expect(check(query, { operationName: 'Q' })).toEqual([]);
      const bare = 'query Q($id: ID!) { compass { component(id: $id) { ... on CompassComponent { appliedScorecards { ...S } } } } } fragment S on CompassComponentHasScorecardsAppliedConnection { edges { score { __typename } } }';
      expect(check(bare)).toEqual(['opt-in CompassComponent.appliedScorecards compass-beta', 'opt-in CompassComponentHasScorecardsAppliedEdge.score compass-beta']);
    });

    it('flags a missing beta header, and a documented header', () => {
      const members = 'query Q($id: ID!) { team { team(id: $id) { members(first: 5) { nodes { role } } } } }';
      expect(check(members)).toEqual(['experimental-api TeamQuery.team teams-beta', 'experimental-api Team.members team-members-beta']);
      expect(check(members, { experimentalApis: ['teams-beta', 'team-members-beta'] })).toEqual([]);
      const manager = 'query Q($u: ID!) { teamworkGraph_userManager(userId: $u) @optIn(to: "TeamworkGraphContextAPIs") { pageInfo { hasNextPage } } }';
      expect(check(manager)).toEqual(['header Query.teamworkGraph_userManager x-force-dynamo: true']);
      expect(check(manager, { headers: { 'x-force-dynamo': 'true' } })).toEqual([]);
    });

    it('flags fields past their announced removal date (and only then), and deprecated ones when asked', () => {
      const scores = 'query Q($id: ID!) { compass { component(id: $id) { ... on CompassComponent { scorecardScores { totalScore } type } } } }';
      expect(check(scores)).toEqual(['removed CompassComponent.scorecardScores 2025-12-31']);
      expect(check(scores, { today: new Date('2025-06-01T00:00:00Z') })).toEqual([]);
      expect(check(scores, { forbidDeprecated: true })).toEqual(['removed CompassComponent.scorecardScores 2025-12-31', 'deprecated CompassComponent.type not deprecated']);
    });

    it('flags OAuth-unavailable fields for OAuth requests only', () => {
      const teams = 'query Q($u: ID!) { teamworkGraph_userTeams(userId: $u) @optIn(to: "TeamworkGraphContextAPIs") { pageInfo { hasNextPage } } }';
      expect(check(teams)).toEqual([]);
      expect(check(teams, { oauth: true })).toEqual(['oauth Query.teamworkGraph_userTeams tenanted credentials']);
    });

    it('at run time, skips what @include/@skip leave out and checks variable values', () => {
      const members = 'query Q($id: ID!, $m: Boolean!) { team { teamV2(id: $id, siteId: "None") { id } team(id: $id) @include(if: $m) { id } } }';
      expect(check(members, { mode: 'runtime', variables: { m: false } })).toEqual([]);
      expect(check(members, { mode: 'runtime', variables: { m: true } })).toEqual(['experimental-api TeamQuery.team teams-beta']);
    });
  });
});

it.skipIf(present || inCi)('skipped: graphql/agg.graphql is absent (build it with the AGG SDL converter)', () => {});
it.skipIf(!inCi)('graphql/agg.graphql exists when CI=true', () => {
  expect(present, 'graphql/agg.graphql must be built in CI (AGG SDL converter)').toBe(true);
});
