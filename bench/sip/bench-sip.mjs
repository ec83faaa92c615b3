// `npm run bench:sip`: REGISTER with digest, Tandem and Kamailio in one run; 10,000 WSS registrations.
import { launchBench } from '../support/launch-bench.mjs';

launchBench('bench/sip/run-sip-bench.ts');
