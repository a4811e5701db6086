/**
 * The CLI's main() run in-process with an environment, its output collected: what the scan tests' CLI steps share.
 */
export type CliRun = (...argv: string[]) => Promise<{ code: number; out: string; err: string }>;

export function cliWith(env: Record<string, string>): CliRun {
  return async (...argv) => {
    const { main } = await import('../../../src/cli/main.ts');
    let out = '';
    let err = '';
    const code = await main(argv, { stdout: (t) => (out += `${t}\n`), stderr: (t) => (err += `${t}\n`), readStdin: async function* () {}, env });
    return { code, out, err };
  };
}
