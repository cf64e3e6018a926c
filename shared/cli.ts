// Command-line parsing shared by the Node commands (simulator, export, replay): commander's own exits are turned
// into a result, so each command checks its values itself and every bad invocation ends with exit code 2.
import { CommanderError, type Command, type OptionValues } from 'commander';

const EXIT_USAGE = 2;

/** exitCode 0 after --help; message is empty when commander already printed what it had to say. */
export type Refusal = { ok: false; exitCode: number; message: string };

export function usage(message: string): Refusal {
  return { ok: false, exitCode: EXIT_USAGE, message };
}

/** Parses argv (user arguments only) with `program`; its options, or how to refuse. */
export function parseCommand<T extends OptionValues>(
  program: Command,
  argv: readonly string[],
): { ok: true; opts: T } | Refusal {
  let message = '';
  program
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ outputError: (text) => (message = text.trim()) });
  try {
    program.parse(argv as string[], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return { ok: false, exitCode: err.exitCode === 0 ? 0 : EXIT_USAGE, message };
    throw err;
  }
  return { ok: true, opts: program.opts<T>() };
}
