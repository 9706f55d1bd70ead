import { Command, CommanderError } from 'commander';
import { BatonError } from '../errors.js';
import { VERSION } from '../version.js';
import { askCommand } from './ask.js';
import { backupCommands } from './backup.js';
import { checkCommand } from './check.js';
import { mcpCommand } from './mcp.js';
import { scanCommand } from './scan.js';
import { serveCommand } from './serve.js';
import { smokeCommand } from './smoke.js';
import { specCommand } from './spec.js';
import { ticketCommand } from './ticket.js';
import { tokenCommand } from './token.js';

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
  scanCommand(program, setExit);
  checkCommand(program, setExit);
  specCommand(program, setExit);
  smokeCommand(program, setExit);
  ticketCommand(program, setExit);
  tokenCommand(program, setExit);
  backupCommands(program, setExit);
  serveCommand(program, setExit);
  mcpCommand(program);
  askCommand(program, setExit);
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
