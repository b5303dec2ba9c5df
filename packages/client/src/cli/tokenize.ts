/**
 * Splits a command line into words as zkCli does (`ZooKeeperMain.MyCommandOptions.parseCommand`):
 * whitespace separates words; a word that starts with a quote runs to the matching quote and
 * loses its quotes. There is no escaping, as in zkCli.
 */
const WORD = /\s*([^"'\s]\S*|"[^"]*"|'[^']*')\s*/g;
const QUOTED = /^(['"])(.*)\1$/s;

export function tokenize(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(WORD)) {
    const word = match[1]!;
    const quoted = QUOTED.exec(word);
    words.push(quoted === null ? word : quoted[2]!);
  }
  return words;
}
