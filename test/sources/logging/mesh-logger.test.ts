import { describe, expect, it } from 'vitest';
import { createLogger, Redactor, type LogLevel } from '../../../sources/logging/index.ts';
import { createMeshLogger } from '../../../sources/logging/mesh-logger.ts';

function capture(level: LogLevel, secrets: string[] = []) {
  const lines: Array<Record<string, unknown>> = [];
  let baseCalls = 0;
  const logger = createMeshLogger(() => {
    baseCalls += 1;
    return createLogger({ level, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>), redactor: new Redactor(secrets) });
  });
  return { logger, lines, baseCalls: () => baseCalls };
}

describe('Mesh logger adapter', () => {
  it("sends Mesh's routine info to debug and its log/warn/error to info/warn/error", () => {
    const { logger, lines } = capture('debug');
    logger.info('Generating GraphQL schema');
    logger.log('served');
    logger.warn('slow');
    logger.error(new Error('broken'));
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      ['debug', 'Generating GraphQL schema'],
      ['info', 'served'],
      ['warn', 'slow'],
      ['error', 'broken'],
    ]);
  });

  it('renders nothing below the level: lazy messages are not evaluated', () => {
    const { logger, lines } = capture('warn');
    let evaluated = 0;
    const lazy = () => {
      evaluated += 1;
      return 'expensive';
    };
    logger.debug(lazy);
    logger.info(lazy);
    logger.log(lazy);
    expect(evaluated).toBe(0);
    logger.warn(lazy, { detail: 1 });
    expect(evaluated).toBe(1);
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: 'expensive {"detail":1}' })]);
  });

  it('reuses named children and scopes their lines; nothing is built before the first line', () => {
    const { logger, lines, baseCalls } = capture('info');
    expect(baseCalls()).toBe(0);
    const first = logger.child('JiraPlatform');
    expect(logger.child('JiraPlatform')).toBe(first);
    expect(baseCalls()).toBe(0);
    first.child('fetch').warn('retrying');
    first.child({ requestId: 'r1' }).warn('object fields');
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'retrying', scope: 'JiraPlatform, fetch' }),
      expect.objectContaining({ msg: 'object fields', scope: 'JiraPlatform', requestId: 'r1' }),
    ]);
  });

  it('scrubs configured secrets from what Mesh logs', () => {
    const { logger, lines } = capture('info', ['s3cr3t-token-value']);
    logger.error('upstream said: Bearer s3cr3t-token-value is invalid');
    expect(JSON.stringify(lines)).not.toContain('s3cr3t-token-value');
  });

  it('flattens lazy messages that return parts, and survives values JSON cannot print', () => {
    const { logger, lines } = capture('debug');
    logger.debug(() => ['Received GraphQL Response: ', '{"data":{}}']);
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    expect(() => logger.warn('odd values', circular, 10n)).not.toThrow();
    expect(lines.map((line) => line.msg)).toEqual(['Received GraphQL Response:  {"data":{}}', 'odd values [object Object] 10']);
  });
});
