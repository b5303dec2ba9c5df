/**
 * Option parsing as Apache commons-cli's DefaultParser does it for zkCli's commands: options may
 * come anywhere among the arguments, short flags may be joined (`-es`), a value may be attached
 * (`-v5`) or follow (`-v 5`, also `-v -1`), `--` ends the options. Its errors read as zkCli
 * prints them (the exception's class name included), since that is what scripts see.
 */
export interface OptionSpec {
  /** One-letter flags that take no value. */
  readonly flags?: string;
  /** One-letter options that take a value. */
  readonly valued?: string;
}

export interface ParsedArgs {
  /** The words that are not options; `[0]` is the command name. */
  readonly args: string[];
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
}

/** A command line zkCli would refuse; `message` is what it prints. */
export class CliParseError extends Error {}

const UNRECOGNIZED = 'org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: ';
const MISSING = 'org.apache.commons.cli.MissingArgumentException: Missing argument for option: ';

export function parseOptions(words: readonly string[], spec: OptionSpec): ParsedArgs {
  const flagSet = new Set(spec.flags ?? '');
  const valuedSet = new Set(spec.valued ?? '');
  const args: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  let expecting: string | undefined;
  let optionsOver = false;
  const isOption = (word: string): boolean => word.length > 1 && word.startsWith('-') && (flagSet.has(word[1]!) || valuedSet.has(word[1]!));

  for (const word of words) {
    if (optionsOver) {
      args.push(word);
    } else if (expecting !== undefined) {
      // A negative number is a value, not an option (commons-cli's isArgument).
      if (isOption(word) && !/^-\d+(\.\d+)?$/.test(word)) throw new CliParseError(MISSING + expecting);
      values.set(expecting, word);
      expecting = undefined;
    } else if (word === '--') {
      optionsOver = true;
    } else if (word.startsWith('-') && word !== '-') {
      expecting = takeOption(word, flagSet, valuedSet, flags, values);
    } else {
      args.push(word);
    }
  }
  if (expecting !== undefined) throw new CliParseError(MISSING + expecting);
  return { args, flags, values };
}

/** Applies one `-xyz` word; returns the option still waiting for its value, if any. */
function takeOption(
  word: string, flagSet: ReadonlySet<string>, valuedSet: ReadonlySet<string>, flags: Set<string>, values: Map<string, string>,
): string | undefined {
  if (word.startsWith('--')) throw new CliParseError(UNRECOGNIZED + word);
  const body = word.slice(1);
  for (let i = 0; i < body.length; i++) {
    const letter = body[i]!;
    if (valuedSet.has(letter)) {
      const rest = body.slice(i + 1);
      if (rest === '') return letter;
      values.set(letter, rest);
      return undefined;
    }
    if (!flagSet.has(letter)) throw new CliParseError(UNRECOGNIZED + word);
    flags.add(letter);
  }
  return undefined;
}
