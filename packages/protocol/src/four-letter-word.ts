/**
 * Four-letter words arrive on the client port where a frame length would be: the four ASCII
 * bytes read as a big-endian int (`"ruok"` is 0x72756f6b), which ZooKeeper compares against
 * its known commands before treating the int as a length.
 */
import { FOUR_LETTER_WORDS, type FourLetterWord } from './constants';

/** The int a four-letter word reads as when taken for a length prefix. */
export function fourLetterWordCode(word: FourLetterWord): number {
  return (word.charCodeAt(0) << 24) | (word.charCodeAt(1) << 16) | (word.charCodeAt(2) << 8) | word.charCodeAt(3);
}

const WORDS_BY_CODE: ReadonlyMap<number, FourLetterWord> = new Map(
  FOUR_LETTER_WORDS.map((word) => [fourLetterWordCode(word), word]),
);

/** The four-letter word whose code is `code`, if any. */
export function fourLetterWordFromCode(code: number): FourLetterWord | undefined {
  return WORDS_BY_CODE.get(code);
}
