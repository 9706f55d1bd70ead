import { Command, CommanderError } from 'commander';
import { BatonError } from '../errors.js';
import { VERSION } from '../version.js';

type SetExit = (code: number) => void;
type Register = (program: Command, setExit: SetExit) => void;

// Each command's module, loaded only when that command runs: `baton check` in a git hook or CI step does not
// pay for the server, the MCP SDK and the store (about 0.3 s of module loading on a 2-core machine).
const COMMANDS: Record<string, () => Promise<Register>> = {
  scan: async () => (await import('./scan.js')).scanCommand,
  check: async () => (await import('./check.js')).checkCommand,
  spec: async () => (await import('./spec.js')).specCommand,
  smoke: async () => (await import('./smoke.js')).smokeCommand,
  ticket: async () => (await import('./ticket.js')).ticketCommand,
  token: async () => (await import('./token.js')).tokenCommand,
  backup: async () => (await import('./backup.js')).backupCommands,
  restore: async () => (await import('./backup.js')).backupCommands,
  serve: async () => (await import('./serve.js')).serveCommand,
  worker: async () => (await import('./worker.js')).workerCommand,
  mcp: async () => {
    const { mcpCommand } = await import('./mcp.js');
    return (program) => mcpCommand(program);
  },
  ask: async () => (await import('./ask.js')).askCommand,
};

/** The command argv names, or undefined (help, a typo, no command): then every command is registered. */
function commandOf(argv: readonly string[]): string | undefined {
  // Program options come before the command (enablePositionalOptions); the first non-option is the command.
  const name = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return name !== undefined && Object.hasOwn(COMMANDS, name) ? name : undefined;
}

/** Runs the CLI and resolves to the exit code: 0 clean, 1 findings at/above the threshold, 2 usage/runtime error. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('baton')
    .description('Shared facts for the agents and people building one web app.')
    .version(VERSION)
    // Program options only before the command name: `ticket done --version 3` is the ticket's version.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const only = commandOf(argv);
  const versionOnly = argv.length > 2 && argv.slice(2).every((arg) => arg === '-V' || arg === '--version');
  const loaders = only
    ? [COMMANDS[only] as () => Promise<Register>]
    : versionOnly
      ? []
      : [...new Set(Object.values(COMMANDS))];
  const registered = new Set<Register>();
  for (const register of await Promise.all(loaders.map((load) => load()))) {
    // backup and restore come from one module that registers both.
    if (registered.has(register)) continue;
    registered.add(register);
    register(program, setExit);
  }
  try {
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof BatonError) {
      process.stderr.write(`baton: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
