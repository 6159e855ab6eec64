/**
 * The options that would settle an input problem, and how the library words them. Kept apart
 * from the errors so that only the type is public: the wording is the library's and the CLI's
 * business.
 *
 * @packageDocumentation
 */

/** An option (and the value) that settles what a reader could not decide; the CLI names its flag. */
export interface OptionFix {
  /** The `readRecords` option, e.g. `delimiter`. */
  readonly option: string;
  /** The value to pass, when one is known (as text). */
  readonly value?: string | undefined;
}

/** How the library names fixes: `delimiter: ";"`, `header: false`. */
export function describeFixes(fixes: readonly OptionFix[]): string {
  return fixes.map((fix) => (fix.value === undefined ? fix.option : `${fix.option}: ${/^(true|false|\d+)$/.test(fix.value) ? fix.value : JSON.stringify(fix.value)}`)).join(' or ');
}
