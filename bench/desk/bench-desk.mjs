// `npm run bench:desk`: the agent desk in Chromium against the built server: the renderer bundle's size
// (gzip), the time from page load to a registered phone, and an INVITE's arrival at the server to the
// ringing call visible on the desk (p50 / p99 over 100 offers on loopback).
import { launchBench } from '../support/launch-bench.mjs';

launchBench('bench/desk/run-desk-bench.ts');
