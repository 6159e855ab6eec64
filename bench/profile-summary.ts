/**
 * `node --import tsx bench/profile-summary.ts [PROFILE|DIR] [--top N]`: where a CPU profile
 * written by `npm run bench -- --profile` spent its time: by package or library folder (native
 * and node-internal frames counted to the nearest code that called them), then by function.
 * Given a directory, it reads the largest profile in it (the scenario's main thread).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The package (node_modules), library folder (lib/streams...) or bench file a frame belongs to. */
function areaOf(url: string): string | undefined {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  // The compiled bench keeps lib/ under bench/data/build/, so lib/ is looked for first.
  const library = /\/(lib\/[^/.]+)[/.]/.exec(url);
  if (library) return library[1];
  return /\/bench\//.test(url) ? 'bench' : undefined;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*\/(node_modules|build)\//, '').replace(/^file:\/\/.*?\/(lib|bench)\//, '$1/');
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
}

function largestProfile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path).filter((file) => file.endsWith('.cpuprofile')).map((file) => join(path, file));
  const largest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (largest === undefined) throw new Error(`no .cpuprofile in ${path}`);
  return largest;
}

/** Self time by area and by function, in ms. */
export function summarise(profile: CpuProfile): { total: number; areas: Map<string, number>; functions: Map<string, number> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  const add = (map: Map<string, number>, key: string, ms: number): void => void map.set(key, (map.get(key) ?? 0) + ms);
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(id)!;
    total += ms;
    add(functions, frameName(node), ms);
    let area = areaOf(node.callFrame.url);
    // Native and node-internal frames count for the nearest caller of our own or a package's.
    for (let parent = parentOf.get(node.id); area === undefined && parent !== undefined; parent = parentOf.get(parent)) {
      area = areaOf(byId.get(parent)!.callFrame.url);
    }
    const special = node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : undefined;
    add(areas, special ?? area ?? 'node (no caller of ours)', ms);
  });
  return { total, areas, functions };
}

function print(title: string, map: Map<string, number>, total: number, top: number): void {
  process.stdout.write(`\n${title}\n`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${((ms / total) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${key}\n`);
  }
}

if (import.meta.filename === process.argv[1]) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  const file = largestProfile(positionals[0] ?? join(import.meta.dirname, 'results', 'profiles'));
  const { total, areas, functions } = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  process.stdout.write(`${file}: ${total.toFixed(0)} ms sampled\n`);
  print('By package or folder (self time, natives counted to their caller):', areas, total, 20);
  print('By function (self time):', functions, total, Number(values.top));
}
