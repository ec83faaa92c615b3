// `npm run bench:calls`: trunk -> Tandem's B2BUA -> agents, media anchored in rtpengine, stepped call rates.
import { launchBench } from '../support/launch-bench.mjs';

launchBench('bench/calls/run-calls-bench.ts');
