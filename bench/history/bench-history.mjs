// `npm run bench:history`: the desktop's local call history (1,000,000 calls: search as you type, opening
// the history) and the initial sync of 100,000 calls from a local Tandem server.
import { launchBench } from '../support/launch-bench.mjs';

launchBench('bench/history/run-history-bench.ts');
