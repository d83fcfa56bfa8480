/**
 * Small helpers for the words of messages.
 */

/** `1 input`, `2 inputs`: a count with its noun in the right number (`plural` for irregular nouns). */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
