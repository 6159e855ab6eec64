/**
 * Room for the abort listeners of an internal signal that many requests share.
 *
 * Each request in flight holds one listener on the signal it is given. A stream that keeps more
 * than Node's default of 10 requests in flight (an uploader with `concurrency: 16`, say) would
 * otherwise print "MaxListenersExceededWarning: Possible EventTarget memory leak", which is not
 * one. The bound stays finite, twice what is expected, so a real leak still warns.
 */
import { defaultMaxListeners, setMaxListeners } from 'node:events';

/** Lets `signal` carry the listeners of `requestsInFlight` requests (and the stream's own) without a warning. */
export function allowListenersFor(signal: AbortSignal, requestsInFlight: number): void {
  setMaxListeners(Math.max(defaultMaxListeners, 2 * requestsInFlight + 2), signal);
}
