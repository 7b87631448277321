/** The project's command-line scripts (`npm run orgs`, `npm run meetings`…) run as an operator runs them. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/**
 * Runs `scripts/<name>.ts` in a child process (tsx, as `npm run <name> -- …args`) with this process's environment
 * but DATABASE_URL, plus `env`. Resolves with its exit code and output; never rejects on a non-zero exit.
 */
export function runScript(name: string, args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = fileURLToPath(new URL(`../../scripts/${name}.ts`, import.meta.url));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL')) as Record<string, string>;
  return new Promise((done) => {
    execFile(tsx, [script, ...args], { env: { ...base, ...env }, timeout: timeoutMs }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}
