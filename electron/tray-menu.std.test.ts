import { describe, expect, it } from 'vitest';
import { agentStateNames, signedOutStatus, type DesktopStatus } from './desktop-status.std.js';
import { buildTrayModel, type TrayMenuItem } from './tray-menu.std.js';

const status = (overrides: Partial<DesktopStatus>): DesktopStatus => ({ ...signedOutStatus, ...overrides });

/** The quick actions of a menu: what the agent can do from the tray besides showing and quitting. */
const quickActions = (items: TrayMenuItem[]): string[] =>
  items.flatMap((item) =>
    item.kind === 'action' && item.action !== 'show-window' && item.action !== 'quit' ? [item.action] : [],
  );

describe('the tray menu', () => {
  it('offers only show and quit before the agent signs in', () => {
    const model = buildTrayModel(signedOutStatus);
    expect(model.icon).toBe('signed-out');
    expect(model.tooltip).toBe('Tandem: Not signed in');
    expect(model.items).toEqual([
      { kind: 'status', label: 'Not signed in' },
      { kind: 'separator' },
      { kind: 'action', action: 'show-window', label: 'Show Tandem' },
      { kind: 'action', action: 'quit', label: 'Quit Tandem' },
    ]);
  });

  it('offers the state changes that make sense from each agent state', () => {
    const offered = Object.fromEntries(
      agentStateNames.map((agentState) => [
        agentState,
        quickActions(buildTrayModel(status({ agentState })).items),
      ]),
    );
    expect(offered).toEqual({
      Offline: ['go-available'],
      Available: ['go-not-ready', 'go-offline'],
      NotReady: ['go-available', 'go-offline'],
      Offered: ['answer', 'decline'],
      OnCall: ['hold', 'mute', 'hang-up'],
      WrapUp: ['go-available', 'go-not-ready'],
    });
  });

  it('offers resume and unmute for a held, muted call', () => {
    const model = buildTrayModel(status({ agentState: 'OnCall', call: { onHold: true, muted: true } }));
    expect(quickActions(model.items)).toEqual(['resume', 'unmute', 'hang-up']);
    expect(model.icon).toBe('busy');
  });

  it('always keeps show and quit, last', () => {
    for (const agentState of [null, ...agentStateNames]) {
      const actions = buildTrayModel(status({ agentState })).items.flatMap((item) =>
        item.kind === 'action' ? [item.action] : [],
      );
      expect(actions.slice(-2)).toEqual(['show-window', 'quit']);
    }
  });

  it('shows the state in the icon and tooltip', () => {
    expect(buildTrayModel(status({ agentState: 'Available' }))).toMatchObject({
      icon: 'available',
      tooltip: 'Tandem: Available',
    });
    expect(buildTrayModel(status({ agentState: 'Offered' })).icon).toBe('ringing');
    expect(buildTrayModel(status({ agentState: 'NotReady' })).icon).toBe('not-ready');
    expect(buildTrayModel(status({ agentState: 'WrapUp' })).icon).toBe('busy');
  });

  it('asks before quitting only while a call rings or is in progress', () => {
    expect(buildTrayModel(status({ agentState: 'Available' })).quitNeedsConfirmation).toBe(false);
    expect(buildTrayModel(status({ agentState: 'Offered' })).quitNeedsConfirmation).toBe(true);
    expect(
      buildTrayModel(status({ agentState: 'OnCall', call: { onHold: false, muted: false } }))
        .quitNeedsConfirmation,
    ).toBe(true);
  });

  it("speaks the page's language, and English for one it does not know", () => {
    expect(buildTrayModel(status({ agentState: 'OnCall', locale: 'de' })).items).toContainEqual({
      kind: 'action',
      action: 'hang-up',
      label: 'Auflegen',
    });
    expect(buildTrayModel(status({ agentState: 'Available', locale: 'ko' })).tooltip).toBe(
      'Tandem: 통화 가능',
    );
    expect(buildTrayModel(status({ agentState: 'Available', locale: 'fr' })).tooltip).toBe(
      'Tandem: Available',
    );
  });
});
