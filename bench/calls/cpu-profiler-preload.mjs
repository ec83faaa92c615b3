// Loaded into Tandem with NODE_OPTIONS=--import (which refuses --cpu-prof): profiles the main thread like
// `node --cpu-prof` and writes <TANDEM_BENCH_PROFILE_DIR>/tandem-<pid>.cpuprofile when the process exits.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import process from 'node:process';

const dir = process.env.TANDEM_BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  process.once('exit', () => {
    // An in-process inspector session answers synchronously, so this runs before the process is gone.
    session.post('Profiler.stop', (error, result) => {
      if (!error)
        writeFileSync(join(dir, `tandem-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
