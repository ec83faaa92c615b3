/**
 * Makes calls open the agent's chosen microphone from their first moment: wraps SIP.js's media stream
 * factory so that a plain `audio: true` becomes that device. A chosen device that cannot be opened (it was
 * unplugged since) falls back to the default rather than failing the answer.
 */
import type { Web } from 'sip.js';

export function withChosenMicrophone(
  factory: Web.MediaStreamFactory,
  chosen: () => string | null,
): Web.MediaStreamFactory {
  return (constraints, handler, options) => {
    const microphoneId = chosen();
    if (constraints.audio !== true || microphoneId === null) return factory(constraints, handler, options);
    return factory({ ...constraints, audio: { deviceId: { exact: microphoneId } } }, handler, options).catch(
      (error: unknown) => {
        const name = error instanceof Error ? error.name : '';
        if (name !== 'OverconstrainedError' && name !== 'NotFoundError') throw error;
        return factory(constraints, handler, options);
      },
    );
  };
}
