/**
 * The same service as `limited` (429 above 6 in flight), with both windows fixed at its limit:
 * what a user who knew the limit would set, the throughput the adaptive window is held to.
 */
import { runDefaultStreams } from '../default-streams.js';
import { scenarioMain } from '../scenario-process.js';

/** The emulator's limit in these scenarios (bench/run.ts starts it with `inflight=6`). */
export const SERVICE_LIMIT = 6;

scenarioMain((input, meter) => runDefaultStreams(input, meter, { window: SERVICE_LIMIT }));
