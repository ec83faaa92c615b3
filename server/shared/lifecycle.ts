/**
 * Start-up and shutdown order. Components start in the order given and stop in reverse; when one
 * fails to start, those already started are stopped before the error is passed on, so a failed
 * start-up leaves no listener or child process behind.
 */
import type { Logger } from './logger.js';

export interface Component {
  readonly name: string;
  start(): Promise<void>;
  /** Must be idempotent: it may be called after a failed start, or twice. */
  stop(): Promise<void>;
}

export class ComponentGroup {
  private readonly started: Component[] = [];

  constructor(private readonly logger: Logger) {}

  async start(components: readonly Component[]): Promise<void> {
    for (const component of components) {
      try {
        await component.start();
      } catch (error) {
        this.logger.error({ err: error, component: component.name }, 'component failed to start');
        this.started.push(component);
        await this.stop();
        throw error;
      }
      this.started.push(component);
      this.logger.debug({ component: component.name }, 'component started');
    }
  }

  async stop(): Promise<void> {
    while (this.started.length > 0) {
      const component = this.started.pop()!;
      try {
        await component.stop();
        this.logger.debug({ component: component.name }, 'component stopped');
      } catch (error) {
        this.logger.error({ err: error, component: component.name }, 'component failed to stop cleanly');
      }
    }
  }
}
