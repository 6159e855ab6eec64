/**
 * The library's three streams at their default options (bench/default-streams.ts): what a
 * user who sets nothing gets, on bare loopback and over the round trip.
 */
import { runDefaultStreams } from '../default-streams.js';
import { scenarioMain } from '../scenario-process.js';

scenarioMain((input, meter) => runDefaultStreams(input, meter));
