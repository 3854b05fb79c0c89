/**
 * Runs the real gateway in the test process: the same launch as `npm start` (server/launch.ts with
 * the sandbox and schema steps of scripts/development-steps.ts), on 127.0.0.1 and a free port.
 * For suites that test what the gateway answers and logs; suites about the process itself
 * (signals, exit codes, memory, the start-up banner) use gateway-process.ts.
 *
 * Only `env` configures the gateway: neither the developer's shell nor `.env` reaches it.
 */
import { launchGateway, type LaunchedGateway } from '../../server/launch.ts';
import type { GatewayPlugin } from '../../server/server.ts';
import { developmentSteps, type RunningSandbox } from '../../scripts/development-steps.ts';
import { projectRoot } from './gateway-process.ts';

export interface InProcessGateway {
  url: string;
  gateway: LaunchedGateway<RunningSandbox>;
  /** Every log line the gateway wrote so far, one JSON object a line. */
  output(): string;
  stop(): Promise<void>;
}

export interface InProcessGatewayOptions {
  plugins?: GatewayPlugin[];
}

export async function startGatewayInProcess(env: Record<string, string> = {}, options: InProcessGatewayOptions = {}): Promise<InProcessGateway> {
  let output = '';
  const gateway = await launchGateway({
    root: projectRoot,
    env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    dotEnv: false,
    ...developmentSteps,
    writeLog: (line) => {
      output += `${line}\n`;
    },
    log: (line) => {
      output += `${line}\n`;
    },
    ...(options.plugins !== undefined ? { plugins: options.plugins } : {}),
  });
  let stopped: Promise<void> | undefined;
  return {
    url: gateway.url,
    gateway,
    output: () => output,
    stop: () => (stopped ??= gateway.close()),
  };
}
