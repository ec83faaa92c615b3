/** The IVR's media: the RTP endpoint a caller's leg is routed to, and the prompt audio it plays. */
export { IvrEndpoint } from './ivr-endpoint.js';
export type * from './ivr-endpoint-types.js';
export {
  PromptMaker,
  PromptAudioError,
  promptHash,
  type PromptFile,
  type PromptRequest,
} from './prompts/prompt-audio.js';
export {
  ANNOUNCEMENT_CLIPS,
  expectedWaitAnnouncement,
  numberClips,
  positionAnnouncement,
} from './prompts/queue-announcements.js';
