/**
 * Where the command's results go: stdout carries results (tables for people, JSON with
 * `--json`), stderr carries notes, warnings and errors, so `data8-batch ... --json | jq` and
 * `--output -` pipes stay clean.
 *
 * @packageDocumentation
 */
import { renderDetails, renderTable, type TableColumn } from './table.js';

/** The streams a command writes to. */
export interface CliStreams {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
}

/** How results are shown. */
export interface OutputOptions {
  /** Print results as JSON (lists as JSON arrays) instead of tables. @default false */
  readonly json?: boolean;
  /** Leave out notes (progress, hints); results and errors are still printed. @default false */
  readonly quiet?: boolean;
  /** stderr carries JSON lines only (`--progress json`): notes are written as `{"event":"note",...}`. @default false */
  readonly jsonLines?: boolean;
}

/** Prints results and notes in the form the user asked for. */
export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly jsonLines: boolean;

  constructor(
    readonly streams: CliStreams,
    options: OutputOptions = {},
  ) {
    this.json = options.json ?? false;
    this.quiet = options.quiet ?? false;
    this.jsonLines = options.jsonLines ?? false;
  }

  /** A listing: a table (or `empty` when there are no rows), or a JSON array with `--json`. */
  async list<Row>(rows: AsyncIterable<Row> | Iterable<Row>, columns: readonly TableColumn<Row>[], empty: string): Promise<void> {
    const all: Row[] = [];
    for await (const row of rows) all.push(row);
    if (this.json) this.writeJson(all);
    else this.write(all.length === 0 ? `${empty}\n` : renderTable(all, columns));
  }

  /** One resource: `key value` lines (from `details`, default the value itself), or JSON. */
  item(value: unknown, details?: Readonly<Record<string, unknown>>): void {
    if (this.json) this.writeJson(value);
    else this.write(renderDetails(details ?? (value as Record<string, unknown>)));
  }

  /** The outcome of a change: a sentence for people, `value` as JSON for scripts. */
  done(sentence: string, value: unknown): void {
    if (this.json) this.writeJson(value);
    else this.write(`${sentence}\n`);
  }

  /** A note for the person at the terminal, on stderr; left out with `--quiet`. */
  note(message: string): void {
    if (!this.quiet) this.event('note', { message });
  }

  /** A note that `--quiet` does not silence: something about the run a scheduler's log must show. */
  notice(message: string): void {
    this.event('notice', { message });
  }

  /** One line on stderr: `message` for people, or `{"event": name, ...facts}` with JSON lines. */
  event(name: string, facts: Readonly<Record<string, unknown>> & { readonly message?: string }): void {
    if (this.jsonLines) this.streams.stderr.write(`${JSON.stringify({ event: name, ...facts })}\n`);
    else if (facts.message !== undefined) this.streams.stderr.write(`${facts.message}\n`);
  }

  /** Writes `value` as one JSON document on stdout. */
  writeJson(value: unknown): void {
    this.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Writes text on stdout as it is. */
  write(text: string): void {
    this.streams.stdout.write(text);
  }
}
