import { describe, expect, it } from 'vitest';
import {
  ANNOUNCEMENT_CLIPS,
  expectedWaitAnnouncement,
  numberClips,
  positionAnnouncement,
} from './queue-announcements.js';

describe('queue announcements from clips', () => {
  it('says a position', () => {
    expect(positionAnnouncement(3)).toEqual(['You are caller number', 'three']);
    expect(positionAnnouncement(21)).toEqual(['You are caller number', 'twenty', 'one']);
  });

  it('says an expected wait in whole minutes', () => {
    expect(expectedWaitAnnouncement(10_000)).toEqual(['Your expected wait is less than a minute.']);
    expect(expectedWaitAnnouncement(70_000)).toEqual(['Your expected wait is about', 'one', 'minute.']);
    expect(expectedWaitAnnouncement(125_000)).toEqual(['Your expected wait is about', 'two', 'minutes.']);
  });

  it('says every number up to 999 with the clips it has, and caps the rest', () => {
    for (let value = 0; value <= 1200; value += 1) {
      for (const clip of numberClips(value)) expect(ANNOUNCEMENT_CLIPS).toContain(clip);
    }
    expect(numberClips(342)).toEqual(['three', 'hundred', 'forty', 'two']);
    expect(numberClips(700)).toEqual(['seven', 'hundred']);
    expect(numberClips(5000)).toEqual(['more than', 'nine', 'hundred', 'ninety', 'nine']);
  });

  it('refuses what is not a position or a wait', () => {
    expect(() => positionAnnouncement(0)).toThrow(TypeError);
    expect(() => positionAnnouncement(1.5)).toThrow(TypeError);
    expect(() => expectedWaitAnnouncement(Number.NaN)).toThrow(TypeError);
    expect(() => numberClips(-1)).toThrow(TypeError);
  });
});
