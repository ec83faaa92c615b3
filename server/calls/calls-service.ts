/**
 * The calls component: takes every initial INVITE from the SIP core, decides what it is (a trunk
 * call to one of our numbers), refuses what it cannot serve with the right status (403 unknown
 * trunk, 404 unknown number, 480 nobody available, 488 no SDP offer, 503 media plane down), and
 * runs the rest as bridged calls. On stop every call is ended and recorded.
 */
import { randomUUID } from 'node:crypto';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Component } from '../shared/lifecycle.js';
import type { Logger } from '../shared/logger.js';
import type { MetricsRegistry } from '../shared/metrics.js';
import { TypedEmitter } from '../shared/typed-emitter.js';
import type { MediaPlane } from '../sfu/media-plane.js';
import { MediaPlaneUnavailableError } from '../sfu/media-plane-types.js';
import type { IncomingInvite } from '../sip/dialog/incoming-invite.js';
import type { SipStack } from '../sip/sip-stack.js';
import type { Store } from '../store/store-types.js';
import { AgentHunt } from './agent-hunt.js';
import { BridgedCall } from './bridged-call.js';
import { CallRecordWriter } from './call-record-writer.js';
import { CallRecording } from './call-recording.js';
import { HuntFinder, type CalleeFinder } from './callee-finder.js';
import { QueueRouter } from './queue-router.js';
import { IvrFinder, mulawFromWav } from './ivr-finder.js';
import { CallbackDesk } from './callback-desk.js';
import { warmPrompts } from './ivr-prompts.js';
import { demoFlows, type FlowDefinition } from '../routing/flows/index.js';
import { QueueStatistics, expectedWaitMs } from '../routing/stats/index.js';
import { systemClock } from '../routing/clock.js';
import { moduleLogger } from '../shared/logger.js';
import { PromptMaker } from '../sfu/ivr/index.js';
import type { RoutingOptions } from '../routing/index.js';
import type { CallEndReason, CallEvent } from './call-types.js';
import type { PartySide } from './attended-transfer-types.js';
import type { DialogId } from '../sip/dialog/dialog-types.js';
import { mediaFailure } from './call-failures.js';
import { CalleePlacer, callerOf } from './callee-placer.js';
import { CallPlanner, offerProblem, type CallPlan } from './call-planner.js';
import { DialPlan } from './dial-plan.js';
import { ensureHoldMusic, type HoldMusicSource } from './music-on-hold.js';
import { TrunkDirectory } from './trunk-directory.js';
import type { TeamsTrunkLink } from './teams-trunk-types.js';

export interface CallsServiceOptions {
  readonly sip: SipStack;
  readonly media: MediaPlane;
  readonly store: Store;
  readonly logger: Logger;
  readonly metrics?: MetricsRegistry;
  readonly ringTimeoutMs: number;
  /** The routing engine's options; its ring time is `ringTimeoutMs`. */
  readonly routing?: Partial<RoutingOptions>;
  /** How long a caller may wait in a queue before being turned away (or sent to its overflow). */
  readonly maxQueueWaitMs?: number;
  /** The domain agents are addressed in (the first of sip.domains). */
  readonly domain: string;
  /** Where generated media (hold music) is written; no hold music without it. */
  readonly dataDir?: string;
  /** Calls from these trunks or for these queues are recorded; pcaps in `recordingDir`, WAVs in `outputDir`. */
  readonly recording?: {
    readonly trunks: readonly string[];
    readonly queues: readonly string[];
    readonly recordingDir: string;
    readonly outputDir: string;
  };
  /** The Teams Direct Routing trunk, when configured: Teams users' numbers are reached over it. */
  readonly teams?: TeamsTrunkLink;
}

/** In-dialog requests our calls answer, for Allow (REFER and UPDATE come with transfer and hold work). */
const IN_DIALOG_METHODS = ['INFO', 'UPDATE', 'REFER', 'NOTIFY'];

/** A call event with the agents it concerns, for the clients' event stream. */
export type AgentCallEvent = CallEvent & { readonly agentIds: readonly string[] };

export class CallsService implements Component {
  readonly name = 'calls';
  /** Every call event, for the API's WebSocket (agents see their own calls, supervisors all). */
  readonly events: TypedEmitter<{ call: [AgentCallEvent] }>;
  private readonly calls = new Map<string, BridgedCall>();
  private readonly lastEnded = new Map<string, number>();
  private trunks: TrunkDirectory | null = null;
  private router: QueueRouter | null = null;
  private stats: QueueStatistics | null = null;
  private callbacks: CallbackDesk | null = null;
  private running = false;
  private plans: CallPlanner | null = null;
  private holdMusic: HoldMusicSource | undefined;
  /** What IVR flows need: their definitions by id, the prompt maker, and music for waiting callers. */
  private ivr: { flows: Map<string, FlowDefinition>; prompts: PromptMaker; holdAudio: Uint8Array } | null =
    null;
  private readonly counters: { ended?: Counter<'reason'>; setup?: Histogram } = {};

  constructor(private readonly options: CallsServiceOptions) {
    this.events = new TypedEmitter(options.logger);
    if (options.metrics) this.exportMetrics(options.metrics);
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** A call in progress, by its id (the record's id, `X-Tandem-Call-Id` toward agents). */
  /** The call one of whose dialogs is `dialog` (a Replaces, seen from our side), and which side it is. */
  findByDialog(dialog: DialogId): { call: BridgedCall; side: PartySide } | null {
    for (const call of this.calls.values()) {
      const side = call.sideOf(dialog);
      if (side) return { call, side };
    }
    return null;
  }

  find(callId: string): BridgedCall | undefined {
    return this.calls.get(callId);
  }

  get active(): readonly BridgedCall[] {
    return [...this.calls.values()];
  }

  /** Today's figures per queue and agent, from the routing engine's events. */
  get statistics(): QueueStatistics {
    if (!this.stats) throw new Error('the calls component is not running');
    return this.stats;
  }

  /** The routing engine: agent states and queues (the API reads and changes them). */
  get routing(): QueueRouter {
    if (!this.router) throw new Error('the calls component is not running');
    return this.router;
  }

  async start(): Promise<void> {
    const { sip, media, store } = this.options;
    this.trunks = new TrunkDirectory(store.trunks);
    if (this.options.dataDir) {
      const file = await ensureHoldMusic(this.options.dataDir);
      this.holdMusic = { file };
      const prompts = new PromptMaker({ dataDir: this.options.dataDir, logger: this.options.logger });
      const flows = new Map(demoFlows().map((flow) => [flow.id, flow]));
      this.ivr = { flows, prompts, holdAudio: await mulawFromWav(file) };
      // Speak the flows' prompts now, so that the first caller does not wait for the synthesiser.
      void warmPrompts(prompts, [...flows.values()]).catch((error: Error) =>
        this.options.logger.warn({ err: error }, 'IVR prompts could not be prepared'),
      );
    }
    const hunt = new AgentHunt({
      agents: store.agents,
      queues: store.queues,
      bindingsOf: (username) => sip.location.lookup(username),
      busyAgents: () => this.busyAgents(),
      lastCallEnded: (agentId) => this.lastEnded.get(agentId) ?? 0,
    });
    const placer = new CalleePlacer({ dialogs: sip.dialogs, core: sip.core, domain: this.options.domain });
    const plans = new CallPlanner({
      store,
      hunt,
      dialPlan: new DialPlan(store.numbers),
      placer,
      teams: this.options.teams,
    });
    this.plans = plans;
    this.router = new QueueRouter({
      store,
      location: sip.location,
      logger: this.options.logger,
      options: { ...this.options.routing, ringTimeoutMs: this.options.ringTimeoutMs },
      queueSettings: { maxWaitMs: this.options.maxQueueWaitMs ?? null },
      ringTimeoutMs: this.options.ringTimeoutMs,
      targetFor: (agent, caller) => {
        const bindings = sip.location.lookup(agent.username);
        return bindings.length > 0 ? placer.agent({ agent, bindings }, caller) : null;
      },
      numberTarget: (tenantId, e164) => plans.numberTarget(tenantId, e164),
      isCallActive: (callId) => this.calls.has(callId),
    });
    this.router.start();
    this.callbacks = new CallbackDesk({
      router: this.router,
      media,
      store,
      logger: this.options.logger,
      prompts: this.ivr?.prompts ?? null,
      voice: 'en-us',
      ringTimeoutMs: this.options.ringTimeoutMs,
      agentTarget: (agentId, caller) => {
        const agent = store.agents.findById(agentId);
        const bindings = agent ? sip.location.lookup(agent.username) : [];
        return agent && bindings.length > 0 ? placer.agent({ agent, bindings }, caller) : null;
      },
      numberTarget: (tenantId, e164) => plans.numberTarget(tenantId, e164),
    });
    this.stats = new QueueStatistics({
      engine: this.router.engine,
      clock: systemClock,
      logger: moduleLogger(this.options.logger, 'statistics'),
    });
    sip.core.onInvite((invite) => {
      this.receive(invite, plans).catch((error: Error) => {
        this.options.logger.error({ err: error, callId: invite.request.callId }, 'call intake failed');
        if (invite.state === 'pending') invite.reject(500);
      });
    }, IN_DIALOG_METHODS);
    media.on('sessionLost', (callId) => this.calls.get(callId)?.hangup('media-lost'));
    this.running = true;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const call of this.active) call.hangup('shutdown');
    this.callbacks?.stop();
    this.stats?.close();
    this.router?.close();
    // Give the BYEs a moment to leave before the SIP stack closes its transports.
    if (this.calls.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  }

  /**
   * An INVITE from a trunk with its own SIP stack (Teams Direct Routing): served like a call from a
   * carrier trunk, the trunk known by name rather than by source address.
   */
  acceptTrunkCall(invite: IncomingInvite, trunk: string): void {
    const plans = this.plans;
    if (!this.running || !plans) {
      invite.reject(503);
      return;
    }
    const sdpProblem = offerProblem(invite.request);
    if (sdpProblem) {
      invite.reject(488, undefined, { headers: [['Warning', `399 tandem "${sdpProblem}"`]] });
      return;
    }
    const plan = plans.fromTrunk(invite.request, { name: trunk });
    if ('refuse' in plan) {
      this.options.logger.info({ callId: invite.request.callId, status: plan.refuse, trunk }, 'call refused');
      invite.reject(plan.refuse, plan.why);
      return;
    }
    this.launch(invite, plan, plans);
  }

  private async receive(invite: IncomingInvite, plans: CallPlanner): Promise<void> {
    const { request, flow } = invite;
    const log = this.options.logger;
    if (!this.running) {
      invite.reject(503);
      return;
    }
    // Who calls: an agent, by the flow it registered over, else a trunk, by its source address.
    const agentAor = this.options.sip.location.aorsOnFlow(flow.id)[0];
    const trunk = agentAor === undefined ? this.trunks!.identify(flow.remote.host) : null;
    if (agentAor === undefined && !trunk) {
      log.info({ source: flow.remote.host, callId: request.callId }, 'INVITE from an unknown source refused');
      invite.reject(403, 'Unknown Trunk');
      return;
    }
    const sdpProblem = offerProblem(request);
    if (sdpProblem) {
      invite.reject(488, undefined, { headers: [['Warning', `399 tandem "${sdpProblem}"`]] });
      return;
    }
    const plan = trunk ? plans.fromTrunk(request, trunk) : await plans.fromAgent(request, agentAor!);
    if ('refuse' in plan) {
      log.info({ callId: request.callId, status: plan.refuse, why: plan.why }, 'call refused');
      invite.reject(plan.refuse, plan.why);
      return;
    }
    this.launch(invite, plan, plans);
  }

  private launch(invite: IncomingInvite, plan: CallPlan, plans: CallPlanner): void {
    const log = this.options.logger;
    const id = randomUUID();
    const record = new CallRecordWriter(this.options.store.calls, id, log);
    record.start({ tenantId: plan.tenantId, direction: plan.direction, from: plan.from, to: plan.to });
    // The placing agent's id, for what only the call's agents may do (such as saving its call quality).
    const placedBy = plan.callerAgentId ? { callerAgentId: plan.callerAgentId } : {};
    record.event('received', { ...plan.details, ...placedBy });
    const finder = this.finderFor(id, plan, invite, record, plans);
    if (!finder) {
      invite.reject(plan.whenNobody.status, plan.whenNobody.why);
      this.ended(plan.whenNobody.reason, record);
      return;
    }
    let session;
    try {
      if (!this.options.media.isRunning) throw new MediaPlaneUnavailableError('the media plane is stopped');
      session = this.options.media.createSession({ callId: id });
    } catch (error) {
      const failure = mediaFailure(error);
      invite.reject(failure.status, undefined, { headers: [['Retry-After', '30']] });
      this.ended(failure.reason, record);
      return;
    }
    const recording = this.options.recording;
    const recorded =
      recording !== undefined &&
      ((plan.trunk !== undefined && recording.trunks.includes(plan.trunk)) ||
        (plan.queue !== undefined && recording.queues.includes(plan.queue)));
    const callLog = log.child({ callId: id });
    const call = new BridgedCall(
      id,
      {
        record,
        logger: callLog,
        onSetup: (seconds) => this.counters.setup?.observe(seconds),
        mediaPlane: this.options.media,
        holdMusic: this.holdMusic,
        resolveTransfer: (dialled) => plans.transferTarget(plan.tenantId, dialled, callerOf(invite.request)),
        findCallByDialog: (dialog) => this.findByDialog(dialog),
        recording: recorded
          ? (media, caller) => new CallRecording(media, caller, { ...recording, logger: callLog, record })
          : undefined,
      },
      invite,
      session,
      finder,
      plan.callerAgentId,
    );
    this.calls.set(id, call);
    const router = this.routing;
    // Agents on this call that routing did not put there: Not ready (direct call) while it lasts.
    const direct = new Set<string>();
    const directCall = (agentId: string | null) => {
      if (!agentId || direct.has(agentId) || router.routedAgent(id) === agentId) return;
      direct.add(agentId);
      router.directCallStarted(agentId, id);
    };
    directCall(plan.callerAgentId);
    call.on('event', (event) => {
      const agentIds = [call.agentId, call.callerAgentId].filter(
        (agentId): agentId is string => agentId !== null,
      );
      // Ringing for a routing offer is routing's business; ringing for anything else is a direct call.
      if (event.type === 'ringing' && event.agentId && !router.isOffered(event.agentId, id)) {
        directCall(event.agentId);
      }
      if (event.type === 'answered' && event.agentId !== router.routedAgent(id)) {
        // Handed over (a transfer): the routed agent is done; whoever has the caller now is on a direct call.
        if (router.routedAgent(id)) router.callFinished(id);
        directCall(event.agentId);
      }
      this.events.emit('call', { ...event, agentIds });
    });
    call.on('ended', (reason) => {
      this.calls.delete(id);
      for (const agentId of [call.agentId, call.callerAgentId])
        if (agentId) this.lastEnded.set(agentId, Date.now());
      router.callFinished(id);
      for (const agentId of direct) router.directCallEnded(agentId, id);
      this.counters.ended?.inc({ reason });
    });
    call.start();
  }

  /**
   * Who the call rings: for a queue, the routing engine (when anyone who could answer is logged in);
   * otherwise the plan's targets one at a time, skipping agents already on a call. Null: nobody.
   */
  private finderFor(
    callId: string,
    plan: CallPlan,
    invite: IncomingInvite,
    record: CallRecordWriter,
    plans: CallPlanner,
  ): CalleeFinder | null {
    if (plan.flow !== undefined) {
      const flow = this.ivr?.flows.get(plan.flow);
      if (!flow || !this.ivr) {
        this.options.logger.error(
          { callId, flow: plan.flow },
          'the number names a flow Tandem does not have',
        );
        return null;
      }
      return this.ivrFinder(callId, plan, invite, record, plans, flow, this.ivr);
    }
    if (plan.queue !== undefined) {
      const caller = {
        callId,
        tenantId: plan.tenantId,
        callerNumber: plan.from,
        identity: callerOf(invite.request),
      };
      // The record names the queue even when nobody could answer it (statistics count the caller).
      const queueId = this.routing.queueId(plan.tenantId, plan.queue);
      if (queueId) record.update({ queueId });
      return this.routing.queueFinder(caller, plan.queue)?.finder ?? null;
    }
    const busy = this.busyAgents();
    const targets = plan.targets.filter((target) => !target.agentId || !busy.has(target.agentId));
    return targets.length > 0 ? new HuntFinder(targets, this.options.ringTimeoutMs) : null;
  }

  private ivrFinder(
    callId: string,
    plan: CallPlan,
    invite: IncomingInvite,
    record: CallRecordWriter,
    plans: CallPlanner,
    flow: FlowDefinition,
    ivr: NonNullable<CallsService['ivr']>,
  ): IvrFinder {
    const router = this.routing;
    const identity = callerOf(invite.request);
    return new IvrFinder(
      { callId, tenantId: plan.tenantId, callerNumber: plan.from, identity },
      {
        flow,
        prompts: ivr.prompts,
        holdAudio: ivr.holdAudio,
        record,
        logger: this.options.logger.child({ callId }),
        ringTimeoutMs: this.options.ringTimeoutMs,
        announceEveryMs: 30_000,
        queueFinder: (queue, ivrChoices) =>
          router.queueFinder(
            {
              callId,
              tenantId: plan.tenantId,
              callerNumber: plan.from,
              identity: { ...identity, offerContext: { queue, queuedAt: Date.now(), ivrChoices } },
            },
            queue,
          ),
        queueIdOf: (queue) => router.queueId(plan.tenantId, queue),
        positionOf: (queueId) => router.engine.positionOf(callId, queueId),
        requestCallback: (queueId, arrivedAt) =>
          this.callbacks?.request({
            tenantId: plan.tenantId,
            queueId,
            number: plan.from,
            arrivedAt,
            fromCallId: callId,
          }) ?? null,
        expectedWaitMs: (queueId, position) =>
          this.stats
            ? expectedWaitMs(position, {
                agents: router.agentsByState(queueId),
                today: this.stats.queueToday(queueId),
              })
            : null,
        queueHours: (queue) => {
          const config = router.engine
            .queueConfigs()
            .find((candidate) => candidate.tenantId === plan.tenantId && candidate.name === queue);
          return config ? config.businessHours : undefined;
        },
        transferTarget: (dialled) => plans.transferTarget(plan.tenantId, dialled, identity),
      },
    );
  }

  /** Who is on a call now: one pass over the calls, not one per agent. */
  private busyAgents(): Set<string> {
    const busy = new Set<string>();
    for (const call of this.calls.values()) {
      for (const agentId of call.agentIds) busy.add(agentId);
      if (call.callerAgentId) busy.add(call.callerAgentId);
    }
    return busy;
  }

  private ended(reason: CallEndReason, record: CallRecordWriter): void {
    record.finish(reason, 'system');
    this.counters.ended?.inc({ reason });
  }

  private exportMetrics(metrics: MetricsRegistry): void {
    const calls = this.calls;
    new Gauge({
      name: 'tandem_calls_active',
      help: 'Calls in progress',
      registers: [metrics],
      collect() {
        this.set(calls.size);
      },
    });
    this.counters.setup = new Histogram({
      name: 'tandem_calls_setup_seconds',
      help: "From a caller's INVITE to the INVITE toward the first agent (routing and the media offer)",
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [metrics],
    });
    this.counters.ended = new Counter({
      name: 'tandem_calls_ended_total',
      help: 'Calls ended, by reason',
      labelNames: ['reason'],
      registers: [metrics],
    });
  }
}
