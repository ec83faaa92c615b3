/**
 * What a caller in a queue is told, built from short clips so that a handful of prompt files say
 * any position and any wait: "You are caller number" + "twenty" + "three", "Your expected wait is
 * about" + "two" + "minutes". Pure: the texts only; PromptMaker turns each into a file, and the IVR
 * endpoint plays a list of files as one prompt, with no gap between them.
 */

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
] as const;
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;

export const POSITION_CLIP = 'You are caller number';
export const WAIT_CLIP = 'Your expected wait is about';
export const SHORT_WAIT_CLIP = 'Your expected wait is less than a minute.';
export const MINUTE_CLIP = 'minute.';
export const MINUTES_CLIP = 'minutes.';
export const HUNDRED_CLIP = 'hundred';
export const MORE_THAN_CLIP = 'more than';
/** The largest number said as it is; beyond it, "more than" it. */
export const LARGEST_SPOKEN = 999;

/** Every clip an announcement can use: made once at start-up. */
export const ANNOUNCEMENT_CLIPS: readonly string[] = [
  POSITION_CLIP,
  WAIT_CLIP,
  SHORT_WAIT_CLIP,
  MINUTE_CLIP,
  MINUTES_CLIP,
  HUNDRED_CLIP,
  MORE_THAN_CLIP,
  ...ONES,
  ...TENS.filter((word) => word !== ''),
];

/** 0 to 999 as clips: 342 is "three" "hundred" "forty" "two"; larger is "more than" 999. */
export function numberClips(value: number): string[] {
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`not a count: ${value}`);
  if (value > LARGEST_SPOKEN) return [MORE_THAN_CLIP, ...numberClips(LARGEST_SPOKEN)];
  if (value < 20) return [ONES[value]!];
  if (value < 100) {
    const ones = value % 10;
    return [TENS[Math.floor(value / 10)]!, ...(ones === 0 ? [] : [ONES[ones]!])];
  }
  const rest = value % 100;
  return [ONES[Math.floor(value / 100)]!, HUNDRED_CLIP, ...(rest === 0 ? [] : numberClips(rest))];
}

/** "You are caller number three." Position is 1-based. */
export function positionAnnouncement(position: number): string[] {
  if (!Number.isInteger(position) || position < 1) throw new TypeError(`not a queue position: ${position}`);
  return [POSITION_CLIP, ...numberClips(position)];
}

/** "Your expected wait is about two minutes", in whole minutes; under 30 s, "less than a minute". */
export function expectedWaitAnnouncement(waitMs: number): string[] {
  if (!Number.isFinite(waitMs) || waitMs < 0) throw new TypeError(`not a wait: ${waitMs}`);
  const minutes = Math.round(waitMs / 60_000);
  if (minutes < 1) return [SHORT_WAIT_CLIP];
  return [WAIT_CLIP, ...numberClips(minutes), minutes === 1 ? MINUTE_CLIP : MINUTES_CLIP];
}
