/**
 * The package's version, read once from package.json when first asked (not imported as JSON:
 * that would load it with every module that needs the client).
 */
import { readFileSync } from 'node:fs';

let version: string | undefined;

/** The version in package.json (`0.0.0` when it cannot be read, e.g. in a bundle). */
export function packageVersion(): string {
  if (version === undefined) {
    try {
      // lib/core/ in the sources and dist/core/ in the package are both two levels down.
      const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
      version = (JSON.parse(text) as { version?: unknown }).version as string | undefined ?? '0.0.0';
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}

/** `data8-batch/<version> node/<version> <platform>`, the default `User-Agent`. */
export function defaultUserAgent(): string {
  return `data8-batch/${packageVersion()} node/${process.versions.node} ${process.platform}`;
}
