import { HealthPanel } from './health-panel.js';

/** The first screen an agent sees. For now: is the server there, and what is it running. */
export function HomeScreen() {
  return (
    <div className="home">
      <HealthPanel />
    </div>
  );
}
