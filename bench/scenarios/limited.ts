/**
 * The default streams against a service that answers 429 above 6 requests in flight (the
 * emulator's `inflight=6`): the adaptive window has to find the limit.
 */
import { runDefaultStreams } from '../default-streams.js';
import { scenarioMain } from '../scenario-process.js';

scenarioMain((input, meter) => runDefaultStreams(input, meter));
