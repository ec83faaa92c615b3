import type { AgentStateName, DesktopLocale } from './desktop-status.std.js';

/**
 * The few texts the desktop shell shows itself (tray menu, tooltip, notifications), in the languages of the
 * page's catalogs (`renderer/i18n`). The page's catalogs stay the page's; these are outside the window.
 */
export interface DesktopStrings {
  state: Record<AgentStateName, string>;
  signedOut: string;
  show: string;
  quit: string;
  answer: string;
  decline: string;
  hangUp: string;
  hold: string;
  resume: string;
  mute: string;
  unmute: string;
  goAvailable: string;
  goNotReady: string;
  goOffline: string;
  incomingCall: string;
  /** `{caller}` is the caller's name or number, `{queue}` the queue's name. */
  incomingCallFrom: string;
  incomingCallFromQueue: string;
  unknownCaller: string;
  quitDuringCallTitle: string;
  quitDuringCallMessage: string;
  quitAnyway: string;
  stay: string;
}

const en: DesktopStrings = {
  state: {
    Offline: 'Offline',
    Available: 'Available',
    Offered: 'Call offered',
    OnCall: 'On a call',
    WrapUp: 'Wrap-up',
    NotReady: 'Not ready',
  },
  signedOut: 'Not signed in',
  show: 'Show Tandem',
  quit: 'Quit Tandem',
  answer: 'Answer',
  decline: 'Decline',
  hangUp: 'Hang up',
  hold: 'Hold',
  resume: 'Resume',
  mute: 'Mute',
  unmute: 'Unmute',
  goAvailable: 'Go available',
  goNotReady: 'Not ready',
  goOffline: 'Go offline',
  incomingCall: 'Incoming call',
  incomingCallFrom: '{caller}',
  incomingCallFromQueue: '{caller} for {queue}',
  unknownCaller: 'Unknown caller',
  quitDuringCallTitle: 'A call is in progress',
  quitDuringCallMessage: 'Quitting Tandem ends the call. Quit anyway?',
  quitAnyway: 'Quit and end the call',
  stay: 'Stay',
};

const de: DesktopStrings = {
  state: {
    Offline: 'Offline',
    Available: 'Verfügbar',
    Offered: 'Anruf angeboten',
    OnCall: 'Im Gespräch',
    WrapUp: 'Nachbearbeitung',
    NotReady: 'Nicht bereit',
  },
  signedOut: 'Nicht angemeldet',
  show: 'Tandem anzeigen',
  quit: 'Tandem beenden',
  answer: 'Annehmen',
  decline: 'Ablehnen',
  hangUp: 'Auflegen',
  hold: 'Halten',
  resume: 'Fortsetzen',
  mute: 'Stummschalten',
  unmute: 'Stummschaltung aufheben',
  goAvailable: 'Verfügbar werden',
  goNotReady: 'Nicht bereit',
  goOffline: 'Offline gehen',
  incomingCall: 'Eingehender Anruf',
  incomingCallFrom: '{caller}',
  incomingCallFromQueue: '{caller} für {queue}',
  unknownCaller: 'Unbekannter Anrufer',
  quitDuringCallTitle: 'Ein Gespräch läuft',
  quitDuringCallMessage: 'Wenn Sie Tandem beenden, endet das Gespräch. Trotzdem beenden?',
  quitAnyway: 'Beenden und Gespräch trennen',
  stay: 'Weiter telefonieren',
};

const ptBR: DesktopStrings = {
  state: {
    Offline: 'Offline',
    Available: 'Disponível',
    Offered: 'Chamada oferecida',
    OnCall: 'Em chamada',
    WrapUp: 'Pós-atendimento',
    NotReady: 'Indisponível',
  },
  signedOut: 'Sem sessão iniciada',
  show: 'Mostrar o Tandem',
  quit: 'Sair do Tandem',
  answer: 'Atender',
  decline: 'Recusar',
  hangUp: 'Desligar',
  hold: 'Colocar em espera',
  resume: 'Retomar',
  mute: 'Silenciar',
  unmute: 'Ativar som',
  goAvailable: 'Ficar disponível',
  goNotReady: 'Ficar indisponível',
  goOffline: 'Ficar offline',
  incomingCall: 'Chamada recebida',
  incomingCallFrom: '{caller}',
  incomingCallFromQueue: '{caller} para {queue}',
  unknownCaller: 'Chamador desconhecido',
  quitDuringCallTitle: 'Há uma chamada em andamento',
  quitDuringCallMessage: 'Sair do Tandem encerra a chamada. Sair mesmo assim?',
  quitAnyway: 'Sair e encerrar a chamada',
  stay: 'Continuar',
};

const ko: DesktopStrings = {
  state: {
    Offline: '오프라인',
    Available: '통화 가능',
    Offered: '전화 연결 중',
    OnCall: '통화 중',
    WrapUp: '후처리',
    NotReady: '준비 안 됨',
  },
  signedOut: '로그인하지 않음',
  show: 'Tandem 보기',
  quit: 'Tandem 종료',
  answer: '받기',
  decline: '거절',
  hangUp: '끊기',
  hold: '보류',
  resume: '보류 해제',
  mute: '음소거',
  unmute: '음소거 해제',
  goAvailable: '통화 가능으로 전환',
  goNotReady: '준비 안 됨으로 전환',
  goOffline: '오프라인으로 전환',
  incomingCall: '수신 전화',
  incomingCallFrom: '{caller}',
  incomingCallFromQueue: '{queue}: {caller}',
  unknownCaller: '알 수 없는 발신자',
  quitDuringCallTitle: '통화 중입니다',
  quitDuringCallMessage: 'Tandem을 종료하면 통화가 끊깁니다. 그래도 종료하시겠습니까?',
  quitAnyway: '종료하고 통화 끊기',
  stay: '계속 통화',
};

const zhTW: DesktopStrings = {
  state: {
    Offline: '離線',
    Available: '可接聽',
    Offered: '來電分配中',
    OnCall: '通話中',
    WrapUp: '話後處理',
    NotReady: '未就緒',
  },
  signedOut: '尚未登入',
  show: '顯示 Tandem',
  quit: '結束 Tandem',
  answer: '接聽',
  decline: '拒接',
  hangUp: '掛斷',
  hold: '保留',
  resume: '恢復通話',
  mute: '靜音',
  unmute: '取消靜音',
  goAvailable: '切換為可接聽',
  goNotReady: '切換為未就緒',
  goOffline: '切換為離線',
  incomingCall: '來電',
  incomingCallFrom: '{caller}',
  incomingCallFromQueue: '{queue}：{caller}',
  unknownCaller: '未知來電者',
  quitDuringCallTitle: '通話進行中',
  quitDuringCallMessage: '結束 Tandem 會中斷通話。仍要結束嗎？',
  quitAnyway: '結束並掛斷通話',
  stay: '繼續通話',
};

export const desktopStrings: Readonly<Record<DesktopLocale, DesktopStrings>> = {
  en,
  de,
  'pt-BR': ptBR,
  ko,
  'zh-TW': zhTW,
};

/** Fills `{name}` placeholders; unknown names stay as they are. */
export function fillIn(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
