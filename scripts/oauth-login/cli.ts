/** `npm run oauth:login`: see USAGE in options.ts. Reads .env from the working directory (set variables win). */
import { spawn } from 'node:child_process';
import { loadDotEnv } from '../../sources/config/dotenv.ts';
import { OAuthLoginError } from './errors.ts';
import { runOAuthLogin } from './login.ts';
import { parseOAuthLoginArgs, UsageRequested } from './options.ts';

async function main(): Promise<number> {
  try {
    loadDotEnv('.env', process.env);
    const options = parseOAuthLoginArgs(process.argv.slice(2), process.env);
    await runOAuthLogin(options, {
      stdout: (line) => process.stdout.write(`${line}\n`),
      stderr: (line) => process.stderr.write(`${line}\n`),
      openBrowser: (url) => {
        if (options.openBrowser) openInBrowser(url);
      },
    });
    return 0;
  } catch (error) {
    if (error instanceof UsageRequested) {
      process.stdout.write(`${error.message}\n`);
      return 0;
    }
    const known = error instanceof OAuthLoginError || (error instanceof Error && error.name === 'ConfigError');
    process.stderr.write(`oauth:login: ${known ? (error as Error).message : `unexpected failure: ${String(error)}`}\n`);
    return 1;
  }
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`Could not run ${command}; open the URL above yourself.\n`));
  child.unref();
}

process.exitCode = await main();
