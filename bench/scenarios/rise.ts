/**
 * The default streams while the service's latency rises mid-run: when half the records are
 * uploaded the emulator's added latency goes from the bench's round trip to 80-100 ms (through
 * its control route), and stays there for the job and the download.
 */
import { runDefaultStreams } from '../default-streams.js';
import { scenarioMain } from '../scenario-process.js';

/** The latency after the rise. */
export const RISEN_LATENCY_MS = [80, 100] as const;

scenarioMain((input, meter) =>
  runDefaultStreams(input, meter, {
    atHalfUpload: async () => {
      const response = await fetch(`${input.apiUrl!}/_emulator/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ latencyMs: RISEN_LATENCY_MS }),
      });
      if (!response.ok) throw new Error(`the emulator refused the latency change: ${response.status}`);
    },
  }),
);
