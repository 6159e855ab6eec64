/**
 * A real `redis-server` for one test, on a free port, stopped when the test ends (`.ci/run`
 * installs the binary).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { ExecutionContext } from 'ava';

/** Whether `redis-server` is on PATH. */
export const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts a Redis without persistence; resolves its `redis://` URL once it accepts connections. */
export async function startRedis(t: ExecutionContext): Promise<string> {
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(async () => {
    redis.kill('SIGTERM');
    if (redis.exitCode === null) await once(redis, 'exit');
  });
  let output = '';
  for await (const chunk of redis.stdout) {
    output += String(chunk);
    if (output.includes('Ready to accept connections')) break;
  }
  redis.stdout.resume();
  return `redis://127.0.0.1:${port}`;
}
