/**
 * What the effective settings mean for the library: the client's options and the record
 * path's tuning. Only values set by a flag, the environment or a profile are passed, so the
 * library's own defaults stay the defaults.
 */
import { readFile } from 'node:fs/promises';
import type { Data8ClientOptions } from '../../transport/options.js';
import { ConfigError } from '../../core/errors.js';
import { describeSource, type EffectiveSettings } from './resolve.js';
import type { Rate, SettingValue } from './values.js';

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/** A setting's value when something other than the default set it. */
export function explicit(settings: EffectiveSettings, name: string): SettingValue | undefined {
  const setting = settings.settings.get(name);
  return setting === undefined || setting.source.kind === 'default' ? undefined : setting.value;
}

/** The client options the settings ask for (not the credentials). */
export async function clientOptionsOf(settings: EffectiveSettings): Promise<Partial<Data8ClientOptions>> {
  const number = (name: string): number | undefined => explicit(settings, name) as number | undefined;
  const options: Mutable<Data8ClientOptions> = {};
  const timeouts = { connectMs: number('connectTimeout'), responseMs: number('responseTimeout'), requestMs: number('requestTimeout') };
  if (Object.values(timeouts).some((value) => value !== undefined)) options.timeouts = definedOnly(timeouts);
  const attempts = number('retryAttempts');
  if (attempts !== undefined) options.retry = { maxAttempts: attempts };
  const rate = explicit(settings, 'rateLimit') as Rate | undefined;
  const maxConcurrent = number('maxRequests');
  if (rate !== undefined || maxConcurrent !== undefined) {
    options.rateLimit = definedOnly({
      maxConcurrent,
      reservoir: rate === undefined ? undefined : { amount: rate.requests, intervalMs: rate.intervalMs },
    });
  }
  const redisUrl = explicit(settings, 'redisUrl') as string | undefined;
  if (redisUrl !== undefined) options.redis = { url: redisUrl };
  const proxy = explicit(settings, 'proxy') as string | false | undefined;
  if (proxy !== undefined) options.proxy = proxy;
  const caFile = explicit(settings, 'caFile') as string | undefined;
  const caSource = settings.settings.get('caFile')?.source;
  if (caFile !== undefined && caSource !== undefined) options.ca = await readCa(caFile, describeSource(caSource));
  const suffix = explicit(settings, 'userAgentSuffix') as string | undefined;
  if (suffix !== undefined) options.userAgentSuffix = suffix;
  return options;
}

async function readCa(file: string, from: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the CA file ${file} (${from}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`the CA file ${file} (${from}) holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return text;
}

/** The record path's tuning for `cleanse`: numbers or `auto`, passed as given. */
export interface RecordPathTuning {
  readonly upload: { readonly blockSize?: number; readonly concurrency?: number | 'auto' };
  readonly download: { readonly pageSize?: number; readonly prefetch?: number | 'auto' };
}

/** The record path's settings that were set. */
export function recordPathOf(settings: EffectiveSettings): RecordPathTuning {
  const value = (name: string): number | 'auto' | undefined => explicit(settings, name) as number | 'auto' | undefined;
  return {
    upload: definedOnly({ blockSize: value('blockSize') as number | undefined, concurrency: value('concurrency') }),
    download: definedOnly({ pageSize: value('pageSize') as number | undefined, prefetch: value('prefetch') }),
  };
}

function definedOnly<T extends object>(object: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
